using ChatBot.Worker.Email;
using Quartz;

namespace ChatBot.Worker.Jobs;

/// <summary>Sends the outbox (see <see cref="OutboxSender"/>).</summary>
[DisallowConcurrentExecution]
internal sealed class SendEmailsJob(OutboxSender sender) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await sender.SendDueAsync(cancellationToken);
}
