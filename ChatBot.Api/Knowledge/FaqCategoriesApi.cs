using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Results;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBot.Api.Knowledge;

public static class FaqCategoriesApi
{
    public static IEndpointRouteBuilder MapFaqCategoriesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/faqs/categories").WithTags("Knowledge base");
        group.MapGet("", Tree).RequireAuthorization(Policies.User).WithSummary("All categories as a tree");
        group.MapPost("", Create).RequireAuthorization(Policies.Moderator).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Add a category (optionally under a parent)");
        group.MapPut("/{id:int}", Update).RequireAuthorization(Policies.Moderator).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Rename or move a category");
        group.MapDelete("/{id:int}", Delete).RequireAuthorization(Policies.Moderator).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Delete an empty category");
        return routes;
    }

    /// <summary>
    /// Writes keep trees within <see cref="FaqCategory.MaxDepth"/> levels. A tree stored deeper (before that limit) is
    /// still answered, never nested without bound: whatever lies below the last level is listed at the last level,
    /// each category with its own <c>parent_id</c>.
    /// </summary>
    private static async Task<Ok<IReadOnlyList<CategoryNode>>> Tree(FaqCategoryService categories, CancellationToken cancellationToken)
    {
        var all = await categories.ListAsync(cancellationToken);
        var children = all.ToLookup(c => c.ParentId);
        IReadOnlyList<CategoryNode> Build(int parent, int level) => level < FaqCategory.MaxDepth
            ? children[parent].Select(c => Node(c, Build(c.Id, level + 1))).ToList()
            : Below(parent).Select(c => Node(c, [])).ToList();
        IEnumerable<FaqCategory> Below(int parent)
        {
            // Each category has one parent, so nothing reachable from a root is met twice.
            var pending = new Queue<FaqCategory>(children[parent]);
            while (pending.TryDequeue(out var category))
            {
                yield return category;
                foreach (var child in children[category.Id])
                {
                    pending.Enqueue(child);
                }
            }
        }

        return TypedResults.Ok<IReadOnlyList<CategoryNode>>(children[null].Select(c => Node(c, Build(c.Id, 2))).ToList());
    }

    private static async Task<Results<Created<CategoryNode>, ValidationProblem, ProblemHttpResult>> Create(
        CategoryRequest request, FaqCategoryService categories, CancellationToken cancellationToken)
    {
        var result = await categories.CreateAsync(request.ToInput(), cancellationToken);
        return result.Kind switch
        {
            ResultKind.Ok => TypedResults.Created($"/api/v1/faqs/categories/{result.Value!.Id}", Node(result.Value)),
            ResultKind.Invalid => ProblemResults.Validation(result.Errors!),
            _ => ProblemResults.Conflict(result.Detail!),
        };
    }

    private static async Task<Results<Ok<CategoryNode>, ValidationProblem, ProblemHttpResult>> Update(
        int id, CategoryRequest request, FaqCategoryService categories, CancellationToken cancellationToken)
    {
        var result = await categories.UpdateAsync(id, request.ToInput(), cancellationToken);
        return result.Kind switch
        {
            ResultKind.Ok => TypedResults.Ok(Node(result.Value!)),
            ResultKind.Invalid => ProblemResults.Validation(result.Errors!),
            ResultKind.NotFound => ProblemResults.NotFound("The category"),
            _ => ProblemResults.Conflict(result.Detail!),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(int id, FaqCategoryService categories, CancellationToken cancellationToken)
    {
        var result = await categories.DeleteAsync(id, cancellationToken);
        return result.Kind switch
        {
            ResultKind.Ok => TypedResults.NoContent(),
            ResultKind.NotFound => ProblemResults.NotFound("The category"),
            _ => ProblemResults.Conflict(result.Detail!),
        };
    }

    private static CategoryNode Node(FaqCategory c, IReadOnlyList<CategoryNode>? children = null) =>
        new(c.Id, c.Name, c.Slug, c.Description, c.ParentId, c.SortOrder, children ?? []);
}
