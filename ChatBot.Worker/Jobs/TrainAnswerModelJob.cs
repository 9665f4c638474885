using ChatBot.Core.Knowledge;
using Quartz;

namespace ChatBot.Worker.Jobs;

/// <summary>
/// After the knowledge base changed, trains the answer model for the new version and stores it in Redis, where every
/// Api replica picks it up. One training at a time across Workers (the job is not concurrent, and the version is
/// claimed in Redis).
/// </summary>
[DisallowConcurrentExecution]
internal sealed class TrainAnswerModelJob(AnswerModelProvider models) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await models.EnsureStoredAsync(cancellationToken);
}
