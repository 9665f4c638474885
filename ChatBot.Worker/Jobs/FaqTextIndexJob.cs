using ChatBot.Core.Knowledge;
using Quartz;

namespace ChatBot.Worker.Jobs;

/// <summary>
/// Rebuilds the FAQ texts' vector index when it no longer suits the number of texts: a graph grown large, or lists made
/// for half or twice as many (<see cref="FaqTextIndex"/>). One rebuild at a time across Workers; a rebuild cut off by a
/// crash is started again by the next run.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class FaqTextIndexJob(FaqTextIndex index) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await index.RebuildIfOutgrownAsync(cancellationToken) is { } rebuild
            ? $"{rebuild.Shape} (was {rebuild.Previous?.ToString() ?? "none"}) over {rebuild.Texts} texts"
            : "fits";
}
