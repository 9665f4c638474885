using ChatBot.Api.Auditing;
using ChatBot.Api.Auth;
using ChatBot.Api.Conversations;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Data;
using ChatBot.Core.Moderation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Moderation;

public static class ModerationApi
{
    private static readonly string[] Resolutions = ["dismissed", "confirmed"];

    public static IEndpointRouteBuilder MapModerationApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/moderation").WithTags("Moderation");
        group.MapPost("/check", Check).RequireAuthorization(Policies.Admin).WithSummary("Run moderation on a text (nothing is stored)");
        group.MapGet("/queue", Queue).RequireAuthorization(Policies.Moderator).WithSummary("Flagged content, oldest first");
        group.MapPost("/queue/{id:long}/resolve", Resolve).RequireAuthorization(Policies.Moderator)
            .ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Close a flag as dismissed or confirmed");
        group.MapGet("/conversations/{id:guid}", Review).RequireAuthorization(Policies.Moderator)
            .WithSummary("Read a flagged or handed-off conversation (personal data masked; the access is audited)");
        return routes;
    }

    private static async Task<Results<Ok<ConversationDetail>, ProblemHttpResult>> Review(
        Guid id, [AsParameters] ConversationPageRequest request, HttpContext http, ConversationService conversations, AuditTrail audit,
        CancellationToken cancellationToken)
    {
        var detail = await conversations.ReviewAsync(id, request, cancellationToken);
        if (detail is null)
        {
            return ProblemResults.NotFound("The conversation");
        }

        await audit.RecordAsync(AuditActions.ConversationReview, succeeded: true, userId: null, new { conversation_id = id },
            actorId: http.User.UserId(), cancellationToken: cancellationToken);
        return TypedResults.Ok(detail);
    }

    private static async Task<Ok<ModerationCheckResponse>> Check(ModerationCheckRequest request, ModerationService moderation, CancellationToken cancellationToken) =>
        TypedResults.Ok(ModerationCheckResponse.From(await moderation.CheckAsync(request.Text, cancellationToken)));

    private static async Task<Results<Ok<PagedResponse<ModerationFlagResponse>>, ValidationProblem>> Queue(
        [AsParameters] ModerationQueueRequest request, ChatBotDbContext db, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<ModerationFlagStatus>(request.Status, ignoreCase: true, out var status))
        {
            return ProblemResults.Validation("status", "Use 'open' or 'resolved'.");
        }

        var flags = db.ModerationFlags.AsNoTracking().Where(f => f.Status == status);
        var total = await flags.CountAsync(cancellationToken);
        var page = await flags.OrderBy(f => f.CreatedAt).ThenBy(f => f.Id)
            .Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResponse<ModerationFlagResponse>(page.Select(ModerationFlagResponse.From).ToList(), total, request.Page, request.PageSize));
    }

    private static async Task<Results<Ok<ModerationFlagResponse>, ValidationProblem, ProblemHttpResult>> Resolve(
        long id, ResolveFlagRequest request, HttpContext http, ChatBotDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var resolution = request.Resolution.Trim().ToLowerInvariant();
        if (!Resolutions.Contains(resolution))
        {
            return ProblemResults.Validation("resolution", "Use 'dismissed' or 'confirmed'.");
        }

        var flag = await db.ModerationFlags.SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (flag is null)
        {
            return ProblemResults.NotFound("The flag");
        }

        if (flag.Status == ModerationFlagStatus.Resolved)
        {
            return ProblemResults.Conflict("This flag is already resolved.");
        }

        flag.Status = ModerationFlagStatus.Resolved;
        flag.Resolution = resolution;
        flag.ResolutionNote = request.Note;
        flag.ResolvedById = http.User.UserId();
        flag.ResolvedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ModerationFlagResponse.From(flag));
    }
}
