using System.ComponentModel.DataAnnotations;
using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Learning;
using ChatBot.Core.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatBot.Api.Knowledge;

/// <summary>
/// The moderators' side of learning from use: the queue of real user questions suggested as FAQ phrasings, a way to
/// suggest one themselves (the FAQ that answers an unanswered question), and approve or reject, one or many at once.
/// </summary>
public static class FaqSuggestionsApi
{
    public static IEndpointRouteBuilder MapFaqSuggestionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/faqs/suggestions").WithTags("Knowledge base").RequireAuthorization(Policies.Moderator);
        group.MapGet("", List).WithSummary("Suggested phrasings (pending by default), oldest first, with how many users confirmed each");
        group.MapPost("", Suggest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Suggest a user's question (by its message id) for the FAQ that answers it");
        group.MapPost("/approve", Approve).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Approve suggestions: each becomes a learned alternate of its FAQ (same phrasing from other users too)");
        group.MapPost("/reject", Reject).WithSummary("Reject suggestions (same phrasing from other users too)");
        return routes;
    }

    private static async Task<Results<Ok<PagedResponse<SuggestionView>>, ValidationProblem>> List(
        [AsParameters] SuggestionListRequest request, FaqSuggestions suggestions, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<SuggestionStatus>(request.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status))
        {
            return ProblemResults.Validation("status", "Use pending, approved or rejected.");
        }

        var (items, total) = await suggestions.ListAsync(status, request.Page, request.PageSize, cancellationToken);
        return TypedResults.Ok(new PagedResponse<SuggestionView>(items, total, request.Page, request.PageSize));
    }

    private static async Task<Results<Ok<SuggestionView>, NoContent, ProblemHttpResult>> Suggest(
        SuggestPhrasingRequest request, HttpContext http, FaqSuggestions suggestions, CancellationToken cancellationToken)
    {
        var suggestion = await suggestions.SuggestAsync(request.FaqId, request.MessageId, SuggestionSource.Moderator, http.User.UserId(), cancellationToken);
        if (suggestion is null)
        {
            // Unknown ids, a question moderation flags, or one the FAQ already has: nothing to review.
            return await suggestions.ExistsAsync(request.FaqId, request.MessageId, cancellationToken)
                ? TypedResults.NoContent()
                : ProblemResults.NotFound("The FAQ or the user's message");
        }

        return TypedResults.Ok(await suggestions.ViewAsync(suggestion.Id, cancellationToken));
    }

    private static async Task<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>> Approve(
        ReviewSuggestionsRequest request, HttpContext http, FaqSuggestions suggestions, CancellationToken cancellationToken) =>
        ProblemResults.OkOrProblem(await suggestions.ApproveAsync(request.Ids, http.User.UserId(), cancellationToken), count => new ReviewResponse(count), "The FAQ");

    private static async Task<Ok<ReviewResponse>> Reject(
        ReviewSuggestionsRequest request, HttpContext http, FaqSuggestions suggestions, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ReviewResponse(await suggestions.RejectAsync(request.Ids, http.User.UserId(), cancellationToken)));
}

public sealed record SuggestionListRequest(
    [property: MaxLength(16)] string Status = "pending",
    [property: Range(1, 100_000)] int Page = 1,
    [property: Range(1, 100)][FromQuery(Name = "page_size")] int PageSize = 20);

public sealed record SuggestPhrasingRequest([property: Range(1, int.MaxValue)] int FaqId, Guid MessageId);

public sealed record ReviewSuggestionsRequest([property: Required, MinLength(1), MaxLength(500)] IReadOnlyList<long> Ids);

/// <param name="Reviewed">Suggestions approved or rejected, counting other users' suggestions of the same phrasing.</param>
public sealed record ReviewResponse(int Reviewed);
