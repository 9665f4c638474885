using ChatBot.Api.Infrastructure;
using ChatBot.Core.Analytics;
using ChatBot.Core.Conversations;
using ChatBot.Core.Data;
using ChatBot.Core.Learning;
using ChatBot.Core.Moderation;
using ChatBot.Core.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Conversations;

/// <summary>A user's own conversations and messages. Every query is scoped to the owner: another user's id is "not found".</summary>
public sealed class ConversationService(ChatBotDbContext db, FaqSuggestions suggestions, ChatBotMetrics metrics, TimeProvider time)
{
    public async Task<PagedResponse<ConversationSummary>?> ListAsync(Guid userId, ConversationListRequest request, CancellationToken cancellationToken)
    {
        var conversations = db.Conversations.AsNoTracking().Where(c => c.UserId == userId);
        if (request.Status is { } status)
        {
            if (!Enum.TryParse<ConversationStatus>(status, ignoreCase: true, out var parsed))
            {
                return null;
            }

            conversations = conversations.Where(c => c.Status == parsed);
        }

        if (!string.IsNullOrWhiteSpace(request.Q))
        {
            var pattern = LikePatterns.Containing(request.Q.Trim());
            conversations = conversations.Where(c => EF.Functions.ILike(c.Title ?? "", pattern, "\\")
                                                     || c.Messages.Any(m => EF.Functions.ILike(m.Content, pattern, "\\")));
        }

        var page = await conversations.OrderByDescending(c => c.LastMessageAt).ThenByDescending(c => c.Id)
            .Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToListAsync(cancellationToken);
        var total = await TotalAsync(conversations, page.Count, request.Page, request.PageSize, cancellationToken);
        return new PagedResponse<ConversationSummary>(page.Select(ConversationSummary.From).ToList(), total, request.Page, request.PageSize);
    }

    public async Task<ConversationDetail?> GetAsync(Guid userId, Guid id, ConversationPageRequest request, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.UserId == userId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        var messages = db.Messages.AsNoTracking().Where(m => m.ConversationId == id);
        var page = await messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToListAsync(cancellationToken);
        var total = await TotalAsync(messages, page.Count, request.Page, request.PageSize, cancellationToken);
        // The title is the first question or the user's own words: masked like the messages.
        var summary = ConversationSummary.From(conversation) with { Title = conversation.Title is null ? null : PiiPatterns.Mask(conversation.Title) };
        return new ConversationDetail(summary,
            new PagedResponse<MessageResponse>(page.Select(MessageResponse.From).ToList(), total, request.Page, request.PageSize));
    }

    /// <summary>
    /// A moderator reading someone's conversation (from the moderation or handoff queue): any owner, personal data in
    /// the messages masked as in the queues.
    /// </summary>
    public async Task<ConversationDetail?> ReviewAsync(Guid id, ConversationPageRequest request, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        var messages = db.Messages.AsNoTracking().Where(m => m.ConversationId == id);
        var page = await messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToListAsync(cancellationToken);
        var total = await TotalAsync(messages, page.Count, request.Page, request.PageSize, cancellationToken);
        // The title is the first question or the user's own words: masked like the messages.
        var summary = ConversationSummary.From(conversation) with { Title = conversation.Title is null ? null : PiiPatterns.Mask(conversation.Title) };
        return new ConversationDetail(summary,
            new PagedResponse<MessageResponse>(page.Select(m => MessageResponse.From(m) with { Content = PiiPatterns.Mask(m.Content) }).ToList(),
                total, request.Page, request.PageSize));
    }

    public async Task<ConversationSummary?> UpdateAsync(Guid userId, Guid id, UpdateConversationRequest request, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == id && c.UserId == userId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        if (request.Title is { } title)
        {
            conversation.Title = string.IsNullOrWhiteSpace(title) ? null : title.Trim();
        }

        if (request.Archived is { } archived)
        {
            conversation.Status = archived ? ConversationStatus.Archived : ConversationStatus.Active;
        }

        conversation.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return ConversationSummary.From(conversation);
    }

    public async Task<bool> DeleteAsync(Guid userId, Guid id, CancellationToken cancellationToken) =>
        await db.Conversations.Where(c => c.Id == id && c.UserId == userId).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>Rates one of the user's assistant answers (a second rating replaces the first) and keeps the thumbs totals right.</summary>
    public async Task<MessageResponse?> RateAsync(Guid userId, Guid messageId, FeedbackRating rating, string? comment, CancellationToken cancellationToken)
    {
        var message = await db.Messages.Include(m => m.Conversation)
            .SingleOrDefaultAsync(m => m.Id == messageId && m.Role == MessageRole.Assistant && m.Conversation!.UserId == userId, cancellationToken);
        if (message is null)
        {
            return null;
        }

        var conversation = message.Conversation!;
        var previous = message.FeedbackRating;
        Count(conversation, message.FeedbackRating, -1);
        Count(conversation, rating, +1);
        var now = time.GetUtcNow();
        message.FeedbackRating = rating;
        message.FeedbackComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        message.FeedbackAt = now;
        var linked = await db.LinksUsageToAsync(userId, cancellationToken);
        db.AnalyticsEvents.Add(new AnalyticsEvent
        {
            Name = AnalyticsEventNames.Feedback,
            OccurredAt = now,
            UserId = linked ? userId : null,
            ConversationId = linked ? conversation.Id : null,
            MessageId = linked ? message.Id : null,
            IsFallback = message.IsFallback,
            // With the rating it replaces, so counts over any range stay right when a rating is changed later.
            Properties = System.Text.Json.JsonSerializer.Serialize(new { rating = rating.ToString().ToLowerInvariant(), previous = previous?.ToString().ToLowerInvariant() }),
        });
        await db.SaveChangesAsync(cancellationToken);
        metrics.FeedbackGiven(rating.ToString().ToLowerInvariant());
        if (rating == FeedbackRating.Up && previous != FeedbackRating.Up && !message.IsFallback && message.Sources.Count > 0)
        {
            await SuggestQuestionAsync(message, userId, cancellationToken);
        }

        return MessageResponse.From(message);
    }

    /// <summary>A thumbs-up confirms that the FAQ the answer cited answers the question: the question is suggested for it.</summary>
    private async Task SuggestQuestionAsync(Message answer, Guid userId, CancellationToken cancellationToken)
    {
        var questionId = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == answer.ConversationId && m.Role == MessageRole.User && m.CreatedAt <= answer.CreatedAt)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Select(m => (Guid?)m.Id).FirstOrDefaultAsync(cancellationToken);
        if (questionId is { } id)
        {
            await suggestions.SuggestAsync(answer.Sources[0].FaqId, id, SuggestionSource.Feedback, userId, cancellationToken);
        }
    }

    public async Task<HandoffResponse?> RequestHandoffAsync(Guid userId, Guid id, string? reason, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == id && c.UserId == userId, cancellationToken);
        if (conversation is null)
        {
            return null;
        }

        if (conversation.HandoffStatus is not (HandoffStatus.Requested or HandoffStatus.Claimed))
        {
            var now = time.GetUtcNow();
            conversation.HandoffStatus = HandoffStatus.Requested;
            conversation.HandoffRequestedAt = now;
            conversation.UpdatedAt = now;
            var linked = await db.LinksUsageToAsync(userId, cancellationToken);
            db.AnalyticsEvents.Add(new AnalyticsEvent
            {
                Name = AnalyticsEventNames.Handoff,
                OccurredAt = now,
                UserId = linked ? userId : null,
                ConversationId = linked ? id : null,
                // Whether a reason was given, not its text: usage events are statistics, not a second copy of what users wrote.
                Properties = System.Text.Json.JsonSerializer.Serialize(new { has_reason = !string.IsNullOrWhiteSpace(reason) }),
            });
            await db.SaveChangesAsync(cancellationToken);
            metrics.HandoffRequested();
        }

        return new HandoffResponse(conversation.Id, conversation.HandoffStatus.ToString().ToLowerInvariant(), conversation.HandoffRequestedAt);
    }

    private static void Count(Conversation conversation, FeedbackRating? rating, int delta)
    {
        if (rating == FeedbackRating.Up)
        {
            conversation.ThumbsUpCount += delta;
        }
        else if (rating == FeedbackRating.Down)
        {
            conversation.ThumbsDownCount += delta;
        }
    }

    /// <summary>
    /// The row count behind a page. A page that is not full is the list's end (and most users' lists fit on their first
    /// page), so the count query runs only when rows may exist beyond the page, or when a page past the end is empty.
    /// </summary>
    private static async Task<int> TotalAsync<T>(IQueryable<T> rows, int pageCount, int page, int pageSize, CancellationToken cancellationToken) =>
        pageCount < pageSize && (pageCount > 0 || page == 1)
            ? (page - 1) * pageSize + pageCount
            : await rows.CountAsync(cancellationToken);
}
