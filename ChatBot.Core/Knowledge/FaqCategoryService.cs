using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChatBot.Core.Knowledge;

public sealed record CategoryInput(string Name, string? Slug, string? Description, int? ParentId, int SortOrder);

/// <summary>The category tree: create, rename, move (never under its own subtree), delete when empty.</summary>
public sealed class FaqCategoryService(ChatBotDbContext db, KnowledgeVersion version, TimeProvider time)
{
    public Task<List<FaqCategory>> ListAsync(CancellationToken cancellationToken) =>
        db.FaqCategories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellationToken);

    public async Task<FaqWriteResult<FaqCategory>> CreateAsync(CategoryInput input, CancellationToken cancellationToken)
    {
        var errors = await ValidateAsync(input, id: null, cancellationToken);
        if (errors.Count > 0)
        {
            return FaqWriteResult<FaqCategory>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var category = new FaqCategory { Name = input.Name.Trim(), Slug = SlugOf(input), CreatedAt = now };
        Apply(category, input, now);
        db.FaqCategories.Add(category);
        return await SaveAsync(category, cancellationToken);
    }

    public async Task<FaqWriteResult<FaqCategory>> UpdateAsync(int id, CategoryInput input, CancellationToken cancellationToken)
    {
        var category = await db.FaqCategories.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null)
        {
            return FaqWriteResult<FaqCategory>.NotFound();
        }

        var errors = await ValidateAsync(input, id, cancellationToken);
        if (errors.Count > 0)
        {
            return FaqWriteResult<FaqCategory>.Invalid(errors);
        }

        category.Name = input.Name.Trim();
        category.Slug = SlugOf(input);
        Apply(category, input, time.GetUtcNow());
        return await SaveAsync(category, cancellationToken);
    }

    /// <summary>Deletes an empty category; one with subcategories or FAQs is a conflict (move them first).</summary>
    public async Task<FaqWriteResult<bool>> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        if (!await db.FaqCategories.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return FaqWriteResult<bool>.NotFound();
        }

        if (await db.FaqCategories.AnyAsync(c => c.ParentId == id, cancellationToken) || await db.Faqs.AnyAsync(f => f.CategoryId == id, cancellationToken))
        {
            return FaqWriteResult<bool>.Conflict("The category still has subcategories or FAQs; move or delete them first.");
        }

        await db.FaqCategories.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken);
        await version.BumpAsync();
        return FaqWriteResult<bool>.Ok(true);
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
            if (!await db.FaqCategories.AnyAsync(c => c.Id == parentId, cancellationToken))
            {
                errors["parent_id"] = ["No such category."];
            }
            else if (id is { } self && (await WithDescendantsAsync(self, cancellationToken)).Contains(parentId))
            {
                errors["parent_id"] = ["A category cannot be moved under itself or its own subcategories."];
            }
        }

        return errors;
    }

    private static string SlugOf(CategoryInput input) => Slugs.From(string.IsNullOrWhiteSpace(input.Slug) ? input.Name : input.Slug);

    private static void Apply(FaqCategory category, CategoryInput input, DateTimeOffset now)
    {
        category.Description = input.Description?.Trim();
        category.ParentId = input.ParentId;
        category.SortOrder = input.SortOrder;
        category.UpdatedAt = now;
    }

    private async Task<FaqWriteResult<FaqCategory>> SaveAsync(FaqCategory category, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return FaqWriteResult<FaqCategory>.Conflict($"A category with the slug '{category.Slug}' already exists.");
        }

        await version.BumpAsync();
        return FaqWriteResult<FaqCategory>.Ok(category);
    }
}
