using ChatBot.Core.Analytics;
using Quartz;

namespace ChatBot.Worker.Jobs;

/// <summary>Stores the daily analytics counters of finished days (see <see cref="AnalyticsRollupService"/>).</summary>
[DisallowConcurrentExecution]
internal sealed class RollupAnalyticsJob(AnalyticsRollupService rollups) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await rollups.RollUpAsync(cancellationToken);
}
