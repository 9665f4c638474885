using ChatBot.Worker.Knowledge;
using Quartz;

namespace ChatBot.Worker.Jobs;

/// <summary>Works through queued FAQ imports, one at a time (see <see cref="FaqImportProcessor"/>).</summary>
[DisallowConcurrentExecution]
internal sealed class ImportFaqsJob(FaqImportProcessor imports) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var processed = 0;
        while (!cancellationToken.IsCancellationRequested && await imports.RunNextAsync(cancellationToken))
        {
            processed++;
        }

        context.Result = processed;
    }
}
