using ChatBot.Core.Knowledge;
using Quartz;

namespace ChatBot.Worker.Jobs;

/// <summary>
/// Re-embeds FAQs whose vectors came from another embedding model than the one configured now (a provider or model
/// switch), so search never mixes vector spaces for long.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ReembedFaqsJob(FaqReembedder reembedder) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await reembedder.RunAsync(cancellationToken);
}
