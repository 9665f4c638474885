using ChatBot.Core.Conversations;
using Microsoft.Extensions.Options;

namespace ChatBot.Api.Chat;

/// <summary>
/// Finishes answers whose replica died while writing them: the partial text in Redis is stored as a failed message
/// (so the conversation keeps it), the stream ends with an error event, and the answer is no longer "streaming".
/// Any replica may do it; the store hands each stalled answer to one of them.
/// </summary>
public sealed class StalledAnswerReaper(
    ChatStreamStore streams,
    IServiceScopeFactory scopes,
    IOptions<ChatSettings> options,
    TimeProvider time,
    ILogger<StalledAnswerReaper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReapAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Any failure, a timeout's cancellation included: one that escaped would stop the whole Api host.
                logger.LogError(exception, "Reaping stalled answers failed; next round retries");
            }
        }
    }

    /// <summary>One pass over the answers Redis knows; returns how many were finished here.</summary>
    public async Task<int> ReapAsync(CancellationToken cancellationToken)
    {
        var stalledBefore = time.GetUtcNow().AddSeconds(-options.Value.StalledAfterSeconds);
        var reaped = 0;
        await foreach (var messageId in streams.ClaimStalledAsync(stalledBefore, cancellationToken))
        {
            await FinishAsync(messageId, cancellationToken);
            reaped++;
        }

        return reaped;
    }

    private async Task FinishAsync(Guid messageId, CancellationToken cancellationToken)
    {
        var meta = await streams.GetMetaAsync(messageId);
        if (meta is null)
        {
            return;
        }

        var events = await streams.ReadAllAsync(messageId);
        var text = string.Concat(events.Where(e => e.Type == StreamEvent.Delta).Select(e => e.Text));
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TurnRecorder>().RecordLostAsync(meta, text, cancellationToken);
        }

        await streams.AppendAsync(messageId, new StreamEvent
        {
            Seq = events.Count == 0 ? 1 : events[^1].Seq + 1,
            Type = StreamEvent.Error,
            Code = "generation_lost",
            Message = "The server writing this answer stopped; the part written so far was kept.",
            Status = MessageStatus.Failed.ToWireName(),
        });
        logger.LogWarning("Finished the stalled answer {MessageId} as failed ({Characters} characters kept)", messageId, text.Length);
    }
}
