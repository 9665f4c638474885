using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatBot.Api.Knowledge;

public static class FaqsApi
{
    /// <summary>Bulk imports may be larger than ordinary requests.</summary>
    public const long MaxImportBytes = 20 * 1024 * 1024;

    private const int MaxReportedRowErrors = 500;

    public static IEndpointRouteBuilder MapFaqsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/faqs").WithTags("Knowledge base");
        group.MapGet("", List).RequireAuthorization(Policies.User).WithSummary("FAQs, paged; filter by text, category (with subcategories), language, active");
        group.MapGet("/{id:int}", Get).RequireAuthorization(Policies.User).WithSummary("One FAQ");
        group.MapGet("/search", Search).RequireAuthorization(Policies.User)
            .WithSummary("Hybrid search (pgvector + full text) ranked by the knowledge base's answer model");
        group.MapPost("", Create).RequireAuthorization(Policies.Moderator).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Add an FAQ (embedded at once)");
        group.MapPut("/{id:int}", Update).RequireAuthorization(Policies.Moderator).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Replace an FAQ");
        group.MapDelete("/{id:int}", Delete).RequireAuthorization(Policies.Moderator).WithSummary("Delete an FAQ");
        group.MapPost("/import", Import).RequireAuthorization(Policies.Moderator)
            .WithMetadata(new RequestSizeLimitAttribute(MaxImportBytes))
            // One Accepts call: routing honours only the last one, so a second would refuse the others with 415.
            .Accepts<IFormFile>("multipart/form-data", "application/json", "text/csv", "application/csv")
            .WithSummary("Bulk import JSON (faqs.json shape) or CSV, all rows or none, at most Import:MaxRows (10,000) rows: 400 naming the bad rows, or 202 while the Worker writes it");
        group.MapGet("/import/{id:guid}", ImportStatus).RequireAuthorization(Policies.Moderator)
            .WithSummary("An import's progress: rows done, counts, or the rows that were refused");
        group.MapGet("/import/{id:guid}/events", ImportEvents).RequireAuthorization(Policies.Moderator)
            .WithSummary("An import's progress as Server-Sent Events, until it has finished");
        return routes;
    }

    private static async Task<Ok<PagedResponse<FaqView>>> List(
        [AsParameters] FaqListRequest request, HttpContext http, FaqReader reader, FaqCategoryService categories, CancellationToken cancellationToken)
    {
        var active = http.User.IsInRole(Core.Identity.Roles.Moderator) || http.User.IsInRole(Core.Identity.Roles.Admin) ? request.Active : true;
        var categoryIds = request.Category is { } category ? await categories.WithDescendantsAsync(category, cancellationToken) : null;
        var page = await reader.ListAsync(new FaqListQuery(request.Page, request.PageSize, categoryIds, request.Language, active, request.Q), cancellationToken);
        return TypedResults.Ok(new PagedResponse<FaqView>(page.Items, page.Total, request.Page, request.PageSize));
    }

    private static async Task<Results<Ok<FaqView>, ProblemHttpResult>> Get(int id, HttpContext http, FaqReader reader, CancellationToken cancellationToken)
    {
        var faq = await reader.GetAsync(id, cancellationToken);
        var canSeeInactive = http.User.IsInRole(Core.Identity.Roles.Moderator) || http.User.IsInRole(Core.Identity.Roles.Admin);
        return faq is not null && (faq.IsActive || canSeeInactive) ? TypedResults.Ok(faq) : ProblemResults.NotFound("The FAQ");
    }

    private static async Task<Ok<FaqSearchResponse>> Search(
        [AsParameters] FaqSearchRequest request, FaqReader reader, KnowledgeRetriever retriever, FaqCategoryService categories, CancellationToken cancellationToken)
    {
        var query = request.Q.Trim();
        var fingerprint = $"{request.Limit}:{request.Category}:{request.Language}:{query.ToLowerInvariant()}";
        var response = await reader.CachedSearchAsync(fingerprint, async ct =>
        {
            var categoryIds = request.Category is { } category ? await categories.WithDescendantsAsync(category, ct) : null;
            var result = await retriever.RetrieveAsync(new RetrievalRequest(query, request.Language, categoryIds, request.Limit), ct);
            return new FaqSearchResponse(query,
                result.Ranked.Select(r => new FaqSearchHit(r.Faq.FaqId, r.Faq.Question, r.Faq.Answer, r.Faq.CategoryId, r.Faq.Language,
                    Math.Round(r.Score, 4), Math.Round(r.Semantic, 4), Math.Round(r.Lexical, 4))).ToList(),
                result.Confident, Math.Round(result.Threshold, 4));
        }, cancellationToken);
        return TypedResults.Ok(response);
    }

    private static async Task<Results<Created<FaqView>, ValidationProblem, ProblemHttpResult>> Create(
        FaqRequest request, HttpContext http, FaqWriter writer, CancellationToken cancellationToken)
    {
        var result = await writer.CreateAsync(request.ToInput(), http.User.UserId(), cancellationToken);
        return result.Kind switch
        {
            ResultKind.Ok => TypedResults.Created($"/api/v1/faqs/{result.Value!.Id}", FaqView.From(result.Value)),
            ResultKind.Invalid => ProblemResults.Validation(result.Errors!),
            _ => ProblemResults.Conflict(result.Detail!),
        };
    }

    private static async Task<Results<Ok<FaqView>, ValidationProblem, ProblemHttpResult>> Update(
        int id, FaqRequest request, HttpContext http, FaqWriter writer, CancellationToken cancellationToken)
    {
        var result = await writer.UpdateAsync(id, request.ToInput(), http.User.UserId(), cancellationToken);
        return result.Kind switch
        {
            ResultKind.Ok => TypedResults.Ok(FaqView.From(result.Value!)),
            ResultKind.Invalid => ProblemResults.Validation(result.Errors!),
            ResultKind.NotFound => ProblemResults.NotFound("The FAQ"),
            _ => ProblemResults.Conflict(result.Detail!),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(int id, FaqWriter writer, CancellationToken cancellationToken) =>
        await writer.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : ProblemResults.NotFound("The FAQ");

    private static async Task<Results<Accepted<FaqImportResponse>, ValidationProblem, ProblemHttpResult>> Import(
        HttpRequest request, HttpContext http, FaqImporter importer, FaqImportQueue imports, CancellationToken cancellationToken)
    {
        var file = await FaqImportFile.ReadAsync(request, cancellationToken);
        if (file.Error is not null)
        {
            return file.StatusCode == StatusCodes.Status415UnsupportedMediaType
                ? TypedResults.Problem(statusCode: file.StatusCode, title: "Unsupported media type", detail: file.Error)
                : ProblemResults.Validation("file", file.Error);
        }

        // Checking every row here is cheap and tells the moderator at once; the Worker does the slow part (embedding).
        var rows = FaqImportParser.Parse(file.Content!, file.MediaType);
        if (importer.TooManyRows(rows.Count) is { } tooMany)
        {
            return ProblemResults.Validation("file", tooMany);
        }

        var plan = await importer.PlanAsync(rows, cancellationToken);
        if (plan.Errors.Count > 0)
        {
            return ProblemResults.Validation(new Dictionary<string, string[]> { ["rows"] = [.. plan.ErrorsUpTo(MaxReportedRowErrors)] });
        }

        var queued = await imports.EnqueueAsync(file, plan.Rows.Count, http.User.UserId(), cancellationToken);
        return TypedResults.Accepted($"/api/v1/faqs/import/{queued.Id}", queued);
    }

    private static async Task<Results<Ok<FaqImportResponse>, ProblemHttpResult>> ImportStatus(Guid id, FaqImportQueue imports, CancellationToken cancellationToken) =>
        await imports.GetAsync(id, cancellationToken) is { } import ? TypedResults.Ok(import) : ProblemResults.NotFound("The import");

    private static async Task<Results<ServerSentEventsResult<FaqImportResponse>, ProblemHttpResult>> ImportEvents(
        Guid id, FaqImportQueue imports, CancellationToken cancellationToken) =>
        await imports.GetAsync(id, cancellationToken) is null
            ? ProblemResults.NotFound("The import")
            : TypedResults.ServerSentEvents(imports.WatchAsync(id, cancellationToken), eventType: "progress");
}
