using ChatBot.Core.Ai;
using ChatBot.Core.Analytics;
using ChatBot.Core.Answering;
using ChatBot.Core.Conversations;
using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Chat;

/// <summary>
/// Stores a finished (or stopped, or failed) answer exactly once: the assistant message with its model, tokens,
/// latency, fallback flag, sources and moderation, the conversation's running totals and a usage event. Naming the
/// conversation after its first exchange comes after, so a slow title never delays the answer's end.
/// </summary>
public sealed class TurnRecorder(ChatBotDbContext db, TokenCounter tokens, AiModels models, ConversationTitles titles, TimeProvider time)
{
    public async Task<Message> RecordAsync(ActiveTurn turn, string text, TurnCompleted? completed, MessageStatus status, CancellationToken cancellationToken)
    {
        using var activity = ChatTelemetry.Source.StartActivity("chat.record");
        var now = time.GetUtcNow();
        var model = completed?.Model ?? models.Chat.Model;
        var fallback = completed?.Fallback ?? turn.Prepared.IsFallback;
        var message = new Message
        {
            Id = turn.AssistantMessageId,
            ConversationId = turn.ConversationId,
            Role = MessageRole.Assistant,
            Content = text,
            Status = status,
            Language = turn.Language,
            Model = model,
            PromptTokens = completed?.PromptTokens ?? turn.Prepared.Prompt.Sum(m => tokens.Count(m.Text, model)),
            CompletionTokens = completed?.CompletionTokens ?? tokens.Count(text, model),
            LatencyMs = completed?.LatencyMs ?? (int)time.GetElapsedTime(turn.Prepared.StartedAt).TotalMilliseconds,
            IsFallback = fallback,
            Moderation = completed is null ? null : ChatTurns.ToOutcome(completed.OutputModeration),
            Sources = [.. completed?.Sources ?? []],
            CreatedAt = now,
        };

        db.Messages.Add(message);
        var linked = await db.LinksUsageToAsync(turn.UserId, cancellationToken);
        db.AnalyticsEvents.Add(new AnalyticsEvent
        {
            Name = AnalyticsEventNames.ChatTurn,
            OccurredAt = now,
            UserId = linked ? turn.UserId : null,
            ConversationId = linked ? turn.ConversationId : null,
            MessageId = linked ? message.Id : null,
            Language = turn.Language,
            LatencyMs = message.LatencyMs,
            PromptTokens = message.PromptTokens,
            CompletionTokens = message.CompletionTokens,
            IsFallback = fallback,
            Properties = System.Text.Json.JsonSerializer.Serialize(new { status = message.Status.ToWireName(), model, degraded = completed?.Degraded ?? false }),
        });
        await SaveWithConversationAsync(message, cancellationToken);
        return message;
    }

    /// <summary>
    /// Stores what a writer that died had streamed, as a failed answer, unless it is stored already or its conversation
    /// is gone (erased meanwhile). For the stalled-answer reaper; the Redis stream told who it belongs to.
    /// </summary>
    public async Task RecordLostAsync(StreamMeta meta, string text, CancellationToken cancellationToken)
    {
        if (!await db.Conversations.AnyAsync(c => c.Id == meta.ConversationId && c.UserId == meta.UserId, cancellationToken) ||
            await db.Messages.AnyAsync(m => m.Id == meta.MessageId, cancellationToken))
        {
            return;
        }

        var message = new Message
        {
            Id = meta.MessageId,
            ConversationId = meta.ConversationId,
            Role = MessageRole.Assistant,
            Content = text,
            Status = MessageStatus.Failed,
            CreatedAt = time.GetUtcNow(),
        };
        db.Messages.Add(message);
        await SaveWithConversationAsync(message, cancellationToken);
    }

    /// <summary>The one way an answer is written: the message (and whatever else is pending) and its conversation's counters, in one transaction.</summary>
    private async Task SaveWithConversationAsync(Message message, CancellationToken cancellationToken)
    {
        var now = message.CreatedAt;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.Conversations.Where(c => c.Id == message.ConversationId).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.MessageCount, c => c.MessageCount + 1)
            .SetProperty(c => c.PromptTokens, c => c.PromptTokens + (message.PromptTokens ?? 0))
            .SetProperty(c => c.CompletionTokens, c => c.CompletionTokens + (message.CompletionTokens ?? 0))
            .SetProperty(c => c.FallbackCount, c => c.FallbackCount + (message.IsFallback ? 1 : 0))
            .SetProperty(c => c.LastMessageAt, now)
            .SetProperty(c => c.UpdatedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Gives an untitled conversation a title from its first question (kept if the user named it meanwhile).</summary>
    public async Task NameConversationAsync(ActiveTurn turn, CancellationToken cancellationToken)
    {
        var title = await titles.SuggestAsync(turn.Prepared.Input.Message, cancellationToken);
        await db.Conversations.Where(c => c.Id == turn.ConversationId && c.Title == null)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Title, title), cancellationToken);
    }
}
