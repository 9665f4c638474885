using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Knowledge;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBot.Api.Knowledge;

public static class FaqCategoriesApi
{
    public static IEndpointRouteBuilder MapFaqCategoriesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/faqs/categories").WithTags("Knowledge base");
        group.MapGet("", Tree).RequireAuthorization(Policies.User).WithSummary("All categories as a tree");
        group.MapPost("", Create).RequireAuthorization(Policies.Moderator).WithSummary("Add a category (optionally under a parent)");
        group.MapPut("/{id:int}", Update).RequireAuthorization(Policies.Moderator).WithSummary("Rename or move a category");
        group.MapDelete("/{id:int}", Delete).RequireAuthorization(Policies.Moderator).WithSummary("Delete an empty category");
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<CategoryNode>>> Tree(FaqCategoryService categories, CancellationToken cancellationToken)
    {
        var all = await categories.ListAsync(cancellationToken);
        var children = all.ToLookup(c => c.ParentId);
        IReadOnlyList<CategoryNode> Build(int? parent) =>
            children[parent].Select(c => new CategoryNode(c.Id, c.Name, c.Slug, c.Description, c.ParentId, c.SortOrder, Build(c.Id))).ToList();
        return TypedResults.Ok(Build(null));
    }

    private static async Task<Results<Created<CategoryNode>, ValidationProblem, ProblemHttpResult>> Create(
        CategoryRequest request, FaqCategoryService categories, CancellationToken cancellationToken)
    {
        var result = await categories.CreateAsync(request.ToInput(), cancellationToken);
        return result.Status switch
        {
            FaqWriteStatus.Ok => TypedResults.Created($"/api/v1/faqs/categories/{result.Value!.Id}", Node(result.Value)),
            FaqWriteStatus.Invalid => ProblemResults.Validation(result.Errors!),
            _ => ProblemResults.Conflict(result.Detail!),
        };
    }

    private static async Task<Results<Ok<CategoryNode>, ValidationProblem, ProblemHttpResult>> Update(
        int id, CategoryRequest request, FaqCategoryService categories, CancellationToken cancellationToken)
    {
        var result = await categories.UpdateAsync(id, request.ToInput(), cancellationToken);
        return result.Status switch
        {
            FaqWriteStatus.Ok => TypedResults.Ok(Node(result.Value!)),
            FaqWriteStatus.Invalid => ProblemResults.Validation(result.Errors!),
            FaqWriteStatus.NotFound => ProblemResults.NotFound("The category"),
            _ => ProblemResults.Conflict(result.Detail!),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(int id, FaqCategoryService categories, CancellationToken cancellationToken)
    {
        var result = await categories.DeleteAsync(id, cancellationToken);
        return result.Status switch
        {
            FaqWriteStatus.Ok => TypedResults.NoContent(),
            FaqWriteStatus.NotFound => ProblemResults.NotFound("The category"),
            _ => ProblemResults.Conflict(result.Detail!),
        };
    }

    private static CategoryNode Node(FaqCategory c) => new(c.Id, c.Name, c.Slug, c.Description, c.ParentId, c.SortOrder, []);
}
