using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Conversations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBot.Api.Conversations;

public static class ConversationsApi
{
    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder routes)
    {
        var conversations = routes.MapGroup("/api/v1/conversations").WithTags("Conversations").RequireAuthorization(Policies.User);
        conversations.MapGet("", List).WithSummary("Your conversations, newest first; q searches titles and messages");
        conversations.MapGet("/{id:guid}", Get).WithSummary("A conversation with its messages (paged, oldest first)");
        conversations.MapPut("/{id:guid}", Update).WithSummary("Rename or archive a conversation");
        conversations.MapDelete("/{id:guid}", Delete).WithSummary("Delete a conversation and its messages");
        conversations.MapPost("/{id:guid}/handoff", Handoff).WithSummary("Ask for a person; moderators see it in the handoff queue");

        var messages = routes.MapGroup("/api/v1/messages").WithTags("Conversations").RequireAuthorization(Policies.User);
        messages.MapPost("/{id:guid}/feedback", Feedback).WithSummary("Thumbs up or down (and a comment) on an answer");
        return routes;
    }

    private static async Task<Results<Ok<PagedResponse<ConversationSummary>>, ValidationProblem>> List(
        [AsParameters] ConversationListRequest request, HttpContext http, ConversationService conversations, CancellationToken cancellationToken) =>
        await conversations.ListAsync(http.User.UserId(), request, cancellationToken) is { } page
            ? TypedResults.Ok(page)
            : ProblemResults.Validation("status", "Use 'active' or 'archived'.");

    private static async Task<Results<Ok<ConversationDetail>, ProblemHttpResult>> Get(
        Guid id, [AsParameters] ConversationPageRequest request, HttpContext http, ConversationService conversations, CancellationToken cancellationToken) =>
        await conversations.GetAsync(http.User.UserId(), id, request, cancellationToken) is { } detail
            ? TypedResults.Ok(detail)
            : ProblemResults.NotFound("The conversation");

    private static async Task<Results<Ok<ConversationSummary>, ProblemHttpResult>> Update(
        Guid id, UpdateConversationRequest request, HttpContext http, ConversationService conversations, CancellationToken cancellationToken) =>
        await conversations.UpdateAsync(http.User.UserId(), id, request, cancellationToken) is { } summary
            ? TypedResults.Ok(summary)
            : ProblemResults.NotFound("The conversation");

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, HttpContext http, ConversationService conversations, CancellationToken cancellationToken) =>
        await conversations.DeleteAsync(http.User.UserId(), id, cancellationToken) ? TypedResults.NoContent() : ProblemResults.NotFound("The conversation");

    private static async Task<Results<Accepted<HandoffResponse>, ProblemHttpResult>> Handoff(
        Guid id, HandoffRequest? request, HttpContext http, ConversationService conversations, CancellationToken cancellationToken) =>
        await conversations.RequestHandoffAsync(http.User.UserId(), id, request?.Reason, cancellationToken) is { } handoff
            ? TypedResults.Accepted((string?)null, handoff)
            : ProblemResults.NotFound("The conversation");

    private static async Task<Results<Ok<MessageResponse>, ValidationProblem, ProblemHttpResult>> Feedback(
        Guid id, FeedbackRequest request, HttpContext http, ConversationService conversations, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<FeedbackRating>(request.Rating, ignoreCase: true, out var rating) || !Enum.IsDefined(rating))
        {
            return ProblemResults.Validation("rating", "Use 'up' or 'down'.");
        }

        return await conversations.RateAsync(http.User.UserId(), id, rating, request.Comment, cancellationToken) is { } message
            ? TypedResults.Ok(message)
            : ProblemResults.NotFound("The message");
    }
}
