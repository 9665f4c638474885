using ChatBot.Core.Knowledge;
using Quartz;

namespace ChatBot.Worker.Jobs;

/// <summary>
/// Re-embeds FAQs whose vectors came from another embedding model than the one configured now (a provider or model
/// switch), so search never mixes vector spaces for long. Then IVF lists are rebuilt: their centres were computed from
/// the old vectors.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ReembedFaqsJob(FaqReembedder reembedder, FaqTextIndex index) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var reembedded = await reembedder.RunAsync(cancellationToken);
        if (reembedded > 0)
        {
            await index.RebuildListsAsync(cancellationToken);
        }

        context.Result = reembedded;
    }
}
