using ChatBot.Core.Data;
using ChatBot.Core.Results;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChatBot.Core.Knowledge;

public sealed record CategoryInput(string Name, string? Slug, string? Description, int? ParentId, int SortOrder);

/// <summary>
/// The category tree: create, rename, move (never under its own subtree, never deeper than
/// <see cref="FaqCategory.MaxDepth"/> levels), delete when empty.
/// </summary>
public sealed class FaqCategoryService(ChatBotDbContext db, KnowledgeVersion version, TimeProvider time)
{
    public Task<List<FaqCategory>> ListAsync(CancellationToken cancellationToken) =>
        db.FaqCategories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellationToken);

    public Task<Result<FaqCategory>> CreateAsync(CategoryInput input, CancellationToken cancellationToken) =>
        WriteAsync(id: null, input, cancellationToken);

    public Task<Result<FaqCategory>> UpdateAsync(int id, CategoryInput input, CancellationToken cancellationToken) =>
        WriteAsync(id, input, cancellationToken);

    /// <summary>
    /// One category write at a time (a transaction-scoped lock): two moves checked side by side could otherwise
    /// together build a cycle or a tree deeper than the limit that neither alone would.
    /// </summary>
    private async Task<Result<FaqCategory>> WriteAsync(int? id, CategoryInput input, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('chatbot:faq-categories'))", cancellationToken);
        var category = id is null ? null : await db.FaqCategories.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (id is not null && category is null)
        {
            return Result<FaqCategory>.NotFound();
        }

        var errors = await ValidateAsync(input, id, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<FaqCategory>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        category ??= db.FaqCategories.Add(new FaqCategory { Name = "", Slug = "", CreatedAt = now }).Entity;
        category.Name = input.Name.Trim();
        category.Slug = SlugOf(input);
        category.Description = input.Description?.Trim();
        category.ParentId = input.ParentId;
        category.SortOrder = input.SortOrder;
        category.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return Result<FaqCategory>.Conflict($"A category with the slug '{category.Slug}' already exists.");
        }

        await version.BumpAsync();
        return Result<FaqCategory>.Ok(category);
    }

    /// <summary>Deletes an empty category; one with subcategories or FAQs is a conflict (move them first).</summary>
    public async Task<Result<bool>> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        if (!await db.FaqCategories.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return Result<bool>.NotFound();
        }

        if (await db.FaqCategories.AnyAsync(c => c.ParentId == id, cancellationToken) || await db.Faqs.AnyAsync(f => f.CategoryId == id, cancellationToken))
        {
            return Result<bool>.Conflict("The category still has subcategories or FAQs; move or delete them first.");
        }

        await db.FaqCategories.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken);
        await version.BumpAsync();
        return Result<bool>.Ok(true);
    }

    /// <summary>The category and every category below it, for filters that mean "in this part of the tree".</summary>
    public async Task<IReadOnlyList<int>> WithDescendantsAsync(int id, CancellationToken cancellationToken)
    {
        var all = await db.FaqCategories.AsNoTracking().Select(c => new { c.Id, c.ParentId }).ToListAsync(cancellationToken);
        var children = all.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!.Value, c => c.Id);
        var result = new List<int>();
        var pending = new Stack<int>([id]);
        while (pending.TryPop(out var next))
        {
            if (!result.Contains(next) && all.Any(c => c.Id == next))
            {
                result.Add(next);
                foreach (var child in children[next])
                {
                    pending.Push(child);
                }
            }
        }

        return result;
    }

    private async Task<Dictionary<string, string[]>> ValidateAsync(CategoryInput input, int? id, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 200)
        {
            errors["name"] = ["A name of 1-200 characters is required."];
        }

        if (input.Description is { Length: > 2000 })
        {
            errors["description"] = ["At most 2000 characters."];
        }

        if (input.ParentId is { } parentId)
        {
            var tree = await TreeAsync(cancellationToken);
            var depth = DepthOf(parentId, tree) + (id is { } moved ? HeightOf(moved, tree) : 1);
            if (!tree.ContainsKey(parentId))
            {
                errors["parent_id"] = ["No such category."];
            }
            else if (id is { } self && IsWithin(parentId, self, tree))
            {
                errors["parent_id"] = ["A category cannot be moved under itself or its own subcategories."];
            }
            else if (depth > FaqCategory.MaxDepth)
            {
                errors["parent_id"] = [$"Categories nest at most {FaqCategory.MaxDepth} levels deep; this would make {depth}."];
            }
        }

        return errors;
    }

    /// <summary>Every category's parent, by id.</summary>
    private async Task<Dictionary<int, int?>> TreeAsync(CancellationToken cancellationToken) =>
        await db.FaqCategories.AsNoTracking().Select(c => new { c.Id, c.ParentId }).ToDictionaryAsync(c => c.Id, c => c.ParentId, cancellationToken);

    /// <summary>The category and its ancestors, from it up to its root (a cycle ends the walk).</summary>
    private static IEnumerable<int> UpToRoot(int id, Dictionary<int, int?> tree)
    {
        var seen = new HashSet<int>();
        for (int? next = id; next is { } current && seen.Add(current); next = tree.GetValueOrDefault(current))
        {
            yield return current;
        }
    }

    private static bool IsWithin(int id, int ancestor, Dictionary<int, int?> tree) => UpToRoot(id, tree).Contains(ancestor);

    /// <summary>Levels from the root down to this category (a root is 1).</summary>
    private static int DepthOf(int id, Dictionary<int, int?> tree) => UpToRoot(id, tree).Count();

    /// <summary>Levels from this category down to its deepest subcategory (a leaf is 1).</summary>
    private static int HeightOf(int id, Dictionary<int, int?> tree)
    {
        var children = tree.Where(c => c.Value is not null).ToLookup(c => c.Value!.Value, c => c.Key);
        var seen = new HashSet<int>();
        var height = 0;
        var level = new List<int> { id };
        while ((level = level.Where(seen.Add).ToList()).Count > 0)
        {
            height++;
            level = level.SelectMany(c => children[c]).ToList();
        }

        return height;
    }

    private static string SlugOf(CategoryInput input) => Slugs.From(string.IsNullOrWhiteSpace(input.Slug) ? input.Name : input.Slug);
}
