using System.Diagnostics;
using ChatBot.Core.Data;
using ChatBot.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Moderation;

/// <summary>
/// Runs every configured moderator over a text and puts anything flagged into the moderators' queue (masked). If a
/// remote moderator fails, the local rules still decide: moderation never takes the chat down.
/// </summary>
public sealed class ModerationService(
    IEnumerable<IContentModerator> moderators,
    ChatBotDbContext db,
    TimeProvider time,
    ChatBotMetrics metrics,
    ILogger<ModerationService> logger)
{
    public static readonly ActivitySource ActivitySource = new("ChatBot.Moderation");

    public async Task<ModerationVerdict> CheckAsync(string text, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity("moderation.check");
        ModerationVerdict? combined = null;
        foreach (var moderator in moderators)
        {
            ModerationVerdict verdict;
            try
            {
                verdict = await moderator.CheckAsync(text, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException && moderator is not LocalRulesModerator)
            {
                logger.LogWarning(exception, "Moderator {Moderator} failed; continuing with the others", moderator.GetType().Name);
                continue;
            }

            combined = combined is null ? verdict : ModerationVerdict.Combine(combined, verdict);
        }

        combined ??= ModerationVerdict.Clean(LocalRulesModerator.ProviderName);
        activity?.SetTag("chatbot.moderation.flagged", combined.Flagged);
        activity?.SetTag("chatbot.moderation.blocked", combined.Blocked);
        if (combined.Flagged)
        {
            activity?.SetTag("chatbot.moderation.categories", string.Join(',', combined.Categories));
        }

        return combined;
    }

    /// <summary>Checks and, when flagged, queues the content for a moderator.</summary>
    public async Task<ModerationVerdict> CheckAndQueueAsync(string text, ModerationContext context, CancellationToken cancellationToken)
    {
        var verdict = await CheckAsync(text, cancellationToken);
        await QueueAsync(text, verdict, context, cancellationToken);
        return verdict;
    }

    /// <summary>Puts content a moderator flagged into the queue, masked; blocks are counted by category.</summary>
    public async Task QueueAsync(string text, ModerationVerdict verdict, ModerationContext context, CancellationToken cancellationToken)
    {
        if (verdict.Blocked)
        {
            metrics.ModerationBlocked(verdict.Categories);
        }

        if (verdict.Flagged)
        {
            db.ModerationFlags.Add(new ModerationFlag
            {
                CreatedAt = time.GetUtcNow(),
                Source = context.Source,
                UserId = context.UserId,
                ConversationId = context.ConversationId,
                MessageId = context.MessageId,
                Content = PiiPatterns.Mask(text),
                Categories = [.. verdict.Categories],
                Blocked = verdict.Blocked,
                Provider = verdict.Provider,
            });
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}

/// <summary>Where moderated content came from, stored with its queue entry.</summary>
public sealed record ModerationContext(string Source, Guid? UserId = null, Guid? ConversationId = null, Guid? MessageId = null)
{
    public const string Input = "input";
    public const string Output = "output";
}
