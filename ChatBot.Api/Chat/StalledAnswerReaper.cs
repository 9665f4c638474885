using System.Text.Json;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Conversations;
using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatBot.Api.Chat;

/// <summary>
/// Finishes answers whose replica died while writing them: the partial text in Redis is stored as a failed message
/// (so the conversation keeps it), the stream ends with an error event, and the answer is no longer "streaming".
/// Any replica may do it; a short Redis lock makes sure only one does.
/// </summary>
public sealed class StalledAnswerReaper(
    IConnectionMultiplexer redis,
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
        var database = redis.GetDatabase();
        var stalledBefore = time.GetUtcNow().AddSeconds(-options.Value.StalledAfterSeconds).ToUnixTimeSeconds();
        var reaped = 0;
        foreach (var endpoint in redis.GetEndPoints())
        {
            await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: "chatbot:chat:meta:*").WithCancellation(cancellationToken))
            {
                var fields = await database.HashGetAsync(key, ["status", "at"]);
                if (fields[0] != StreamMeta.Streaming || !fields[1].HasValue || (long)fields[1] > stalledBefore ||
                    !Guid.TryParse(key.ToString().AsSpan("chatbot:chat:meta:".Length), out var messageId) ||
                    !await database.StringSetAsync($"chatbot:chat:reap:{messageId}", "1", TimeSpan.FromMinutes(5), When.NotExists))
                {
                    continue;
                }

                await FinishAsync(messageId, cancellationToken);
                reaped++;
            }
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

        var entries = await redis.GetDatabase().StreamRangeAsync($"chatbot:chat:stream:{messageId}", "-", "+");
        var events = entries.Select(e => JsonSerializer.Deserialize<StreamEvent>(e.Values[0].Value.ToString(), ApiConventionsExtensions.Json)!).ToList();
        var text = string.Concat(events.Where(e => e.Type == StreamEvent.Delta).Select(e => e.Text));
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatBotDbContext>();
            var conversationExists = await db.Conversations.AnyAsync(c => c.Id == meta.ConversationId && c.UserId == meta.UserId, cancellationToken);
            if (conversationExists && !await db.Messages.AnyAsync(m => m.Id == messageId, cancellationToken))
            {
                db.Messages.Add(new Message
                {
                    Id = messageId,
                    ConversationId = meta.ConversationId,
                    Role = MessageRole.Assistant,
                    Content = text,
                    Status = MessageStatus.Failed,
                    CreatedAt = time.GetUtcNow(),
                });
                await db.Conversations.Where(c => c.Id == meta.ConversationId)
                    .ExecuteUpdateAsync(set => set.SetProperty(c => c.MessageCount, c => c.MessageCount + 1), cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        await streams.AppendAsync(messageId, new StreamEvent
        {
            Seq = events.Count == 0 ? 1 : events[^1].Seq + 1,
            Type = StreamEvent.Error,
            Code = "generation_lost",
            Message = "The server writing this answer stopped; the part written so far was kept.",
            Status = "failed",
        });
        logger.LogWarning("Finished the stalled answer {MessageId} as failed ({Characters} characters kept)", messageId, text.Length);
    }
}
