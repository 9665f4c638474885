using ChatBot.Worker.Privacy;
using Quartz;

namespace ChatBot.Worker.Jobs;

/// <summary>Writes queued personal-data exports, one at a time (see <see cref="DataExportProcessor"/>).</summary>
[DisallowConcurrentExecution]
internal sealed class ExportUserDataJob(DataExportProcessor exports) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var processed = 0;
        while (!cancellationToken.IsCancellationRequested && await exports.RunNextAsync(cancellationToken))
        {
            processed++;
        }

        context.Result = processed;
    }
}
