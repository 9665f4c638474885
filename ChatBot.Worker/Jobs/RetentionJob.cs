using ChatBot.Core.Privacy;
using Quartz;

namespace ChatBot.Worker.Jobs;

/// <summary>Deletes data older than its retention period (see <see cref="RetentionService"/>); retried if it fails (see <see cref="JobOptions.RetryAttempts"/>).</summary>
[DisallowConcurrentExecution]
internal sealed class RetentionJob(RetentionService retention) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await retention.RunAsync(cancellationToken);
}
