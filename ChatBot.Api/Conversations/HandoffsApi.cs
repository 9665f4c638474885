using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Conversations;
using ChatBot.Core.Data;
using ChatBot.Core.Learning;
using ChatBot.Core.Moderation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Conversations;

/// <summary>The moderators' side of "talk to a person": open requests, oldest first, and closing them.</summary>
public static class HandoffsApi
{
    public static IEndpointRouteBuilder MapHandoffsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/handoffs").WithTags("Conversations").RequireAuthorization(Policies.Moderator);
        group.MapGet("", Open).WithSummary("Conversations waiting for a person");
        group.MapPost("/{conversationId:guid}/resolve", Resolve)
            .WithSummary("Mark a handoff as dealt with; with a faq_id, the user's last question is suggested as a phrasing of that FAQ");
        return routes;
    }

    private static async Task<Ok<List<HandoffQueueItem>>> Open(ChatBotDbContext db, CancellationToken cancellationToken)
    {
        var open = await db.Conversations.AsNoTracking()
            .Where(c => c.HandoffStatus == HandoffStatus.Requested || c.HandoffStatus == HandoffStatus.Claimed)
            .OrderBy(c => c.HandoffRequestedAt)
            .Select(c => new
            {
                c.Id,
                c.UserId,
                Email = db.Users.Where(u => u.Id == c.UserId).Select(u => u.Email).FirstOrDefault(),
                c.Title,
                c.HandoffStatus,
                c.HandoffRequestedAt,
                LastQuestion = c.Messages.Where(m => m.Role == MessageRole.User).OrderByDescending(m => m.CreatedAt).Select(m => m.Content).FirstOrDefault(),
            })
            .Take(200)
            .ToListAsync(cancellationToken);
        // Masked as in the moderation queue: a moderator helps without seeing more personal data than needed.
        return TypedResults.Ok(open.Select(c => new HandoffQueueItem(c.Id, c.UserId, MaskedEmail(c.Email), MaskOrNull(c.Title),
            c.HandoffStatus.ToString().ToLowerInvariant(), c.HandoffRequestedAt, MaskOrNull(c.LastQuestion))).ToList());
    }

    /// <summary><c>jane.doe@example.com</c> becomes <c>j***@example.com</c>: enough to tell requests apart, not to contact.</summary>
    private static string? MaskOrNull(string? text) => text is null ? null : PiiPatterns.Mask(text);

    private static string? MaskedEmail(string? email)
    {
        var at = email?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        return at <= 0 ? null : $"{email![0]}***{email[at..]}";
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Resolve(
        Guid conversationId, HandoffResolution? resolution, HttpContext http, ChatBotDbContext db, FaqSuggestions suggestions, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var open = db.Conversations.Where(c => c.Id == conversationId && (c.HandoffStatus == HandoffStatus.Requested || c.HandoffStatus == HandoffStatus.Claimed));
        if (resolution?.FaqId is { } faqId)
        {
            // The moderator found the FAQ that answers what the bot could not: the user's last question becomes a suggestion.
            var question = await open.SelectMany(c => c.Messages).Where(m => m.Role == MessageRole.User)
                .OrderByDescending(m => m.CreatedAt).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(cancellationToken);
            if (question is null)
            {
                return ProblemResults.NotFound("An open handoff for this conversation");
            }

            if (await suggestions.SuggestAsync(faqId, question.Value, SuggestionSource.Moderator, http.User.UserId(), cancellationToken) is null
                && !await suggestions.ExistsAsync(faqId, question.Value, cancellationToken))
            {
                return ProblemResults.NotFound("The FAQ");
            }
        }

        var updated = await open.ExecuteUpdateAsync(
            set => set.SetProperty(c => c.HandoffStatus, HandoffStatus.Resolved).SetProperty(c => c.UpdatedAt, time.GetUtcNow()), cancellationToken);
        return updated > 0 ? TypedResults.NoContent() : ProblemResults.NotFound("An open handoff for this conversation");
    }
}
