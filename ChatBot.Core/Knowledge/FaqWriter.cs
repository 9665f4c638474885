using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Every change to FAQs goes through here: validate, embed (before the transaction, so it stays short), write the FAQ
/// and its variants together, then bump the knowledge version so caches and the answer model refresh everywhere.
/// </summary>
public sealed class FaqWriter(ChatBotDbContext db, FaqEmbedder embedder, KnowledgeVersion version, AnswerModelProvider models, TimeProvider time)
{
    public async Task<FaqWriteResult<Faq>> CreateAsync(FaqInput input, Guid? actorId, CancellationToken cancellationToken)
    {
        input = FaqInputRules.Normalize(input);
        var errors = await ValidateAsync(input, cancellationToken);
        if (errors.Count > 0)
        {
            return FaqWriteResult<Faq>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var faq = new Faq { Question = input.Question, Answer = input.Answer, CreatedAt = now, CreatedById = actorId };
        Apply(faq, input, actorId, now);
        var conflict = await SaveWithVariantsAsync([faq], cancellationToken);
        return conflict is null ? FaqWriteResult<Faq>.Ok(faq) : FaqWriteResult<Faq>.Conflict(conflict);
    }

    public async Task<FaqWriteResult<Faq>> UpdateAsync(int id, FaqInput input, Guid? actorId, CancellationToken cancellationToken)
    {
        var faq = await db.Faqs.SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (faq is null)
        {
            return FaqWriteResult<Faq>.NotFound();
        }

        input = FaqInputRules.Normalize(input);
        var errors = await ValidateAsync(input, cancellationToken);
        if (errors.Count > 0)
        {
            return FaqWriteResult<Faq>.Invalid(errors);
        }

        Apply(faq, input, actorId, time.GetUtcNow());
        var conflict = await SaveWithVariantsAsync([faq], cancellationToken);
        return conflict is null ? FaqWriteResult<Faq>.Ok(faq) : FaqWriteResult<Faq>.Conflict(conflict);
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        var deleted = await db.Faqs.Where(f => f.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            await version.BumpAsync();
            await models.RefreshAsync(cancellationToken);
        }

        return deleted > 0;
    }

    /// <summary>Embeds the given FAQs again with the configured model (after a model change); returns how many.</summary>
    public async Task<int> ReembedAsync(IReadOnlyList<int> ids, CancellationToken cancellationToken)
    {
        var faqs = await db.Faqs.Where(f => ids.Contains(f.Id)).ToListAsync(cancellationToken);
        if (faqs.Count > 0)
        {
            await SaveWithVariantsAsync(faqs, cancellationToken);
        }

        return faqs.Count;
    }

    /// <summary>
    /// All-or-nothing import: every row is validated first (errors name the row), then all FAQs are written in one
    /// transaction. Rows with an external id that already exists update that FAQ instead of adding a duplicate.
    /// </summary>
    public async Task<FaqWriteResult<ImportSummary>> ImportAsync(IReadOnlyList<ImportRow> rows, Guid? actorId, CancellationToken cancellationToken)
    {
        var rowErrors = new List<ImportRowError>();
        var normalized = new List<(ImportRow Row, FaqInput Input)>();
        var categories = await db.FaqCategories.ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            rowErrors.AddRange(row.Errors.Select(e => new ImportRowError(row.RowNumber, e)));
            var input = FaqInputRules.Normalize(row.Input);
            rowErrors.AddRange(FaqInputRules.Validate(input).SelectMany(e => e.Value.Select(m => new ImportRowError(row.RowNumber, $"{e.Key}: {m}"))));
            normalized.Add((row, input));
        }

        var knownCategories = categories.Select(c => c.Id).ToHashSet();
        foreach (var (row, input) in normalized)
        {
            if (row.CategoryName is null && input.CategoryId is { } categoryId && !knownCategories.Contains(categoryId))
            {
                rowErrors.Add(new ImportRowError(row.RowNumber, $"category_id: no category {categoryId}."));
            }

            if (row.CategoryName is { Length: > 200 })
            {
                rowErrors.Add(new ImportRowError(row.RowNumber, "category: at most 200 characters."));
            }
        }

        var duplicates = normalized.Where(n => n.Input.ExternalId is not null)
            .GroupBy(n => n.Input.ExternalId!, StringComparer.Ordinal).Where(g => g.Count() > 1);
        rowErrors.AddRange(duplicates.SelectMany(g => g.Skip(1).Select(n => new ImportRowError(n.Row.RowNumber, $"external_id '{g.Key}' appears more than once in the file"))));
        if (rows.Count == 0)
        {
            rowErrors.Add(new ImportRowError(0, "The file holds no FAQs."));
        }

        if (rowErrors.Count > 0)
        {
            return FaqWriteResult<ImportSummary>.Invalid(new Dictionary<string, string[]>
            {
                ["rows"] = rowErrors.OrderBy(e => e.Row).Select(e => e.Row == 0 ? $"file: {e.Message}" : $"row {e.Row}: {e.Message}").ToArray(),
            });
        }

        var now = time.GetUtcNow();
        var externalIds = normalized.Select(n => n.Input.ExternalId).OfType<string>().ToList();
        var existing = await db.Faqs.Where(f => f.ExternalId != null && externalIds.Contains(f.ExternalId)).ToDictionaryAsync(f => f.ExternalId!, cancellationToken);
        var faqs = new List<Faq>();
        int created = 0, updated = 0;
        foreach (var (row, input) in normalized)
        {
            var category = row.CategoryName is null ? null : ResolveCategory(categories, row.CategoryName, now);
            var resolved = category is null ? input : input with { CategoryId = category.Id };
            if (resolved.ExternalId is not null && existing.TryGetValue(resolved.ExternalId, out var faq))
            {
                updated++;
            }
            else
            {
                faq = new Faq { Question = resolved.Question, Answer = resolved.Answer, CreatedAt = now, CreatedById = actorId };
                created++;
            }

            Apply(faq, resolved, actorId, now);
            if (category is not null)
            {
                // A category created by this import has no id until it is saved; the navigation links them.
                faq.Category = category;
            }

            faqs.Add(faq);
        }

        var conflict = await SaveWithVariantsAsync(faqs, cancellationToken);
        return conflict is null
            ? FaqWriteResult<ImportSummary>.Ok(new ImportSummary(created, updated, faqs.Select(f => f.Id).ToList()))
            : FaqWriteResult<ImportSummary>.Conflict(conflict);
    }

    /// <summary>Categories named in an import are matched by slug or name, and created when new.</summary>
    private FaqCategory ResolveCategory(List<FaqCategory> categories, string name, DateTimeOffset now)
    {
        var slug = Slugs.From(name);
        var category = categories.FirstOrDefault(c => c.Slug == slug || c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (category is null)
        {
            category = new FaqCategory { Name = name.Trim(), Slug = slug, CreatedAt = now, UpdatedAt = now };
            db.FaqCategories.Add(category);
            categories.Add(category);
        }

        return category;
    }

    private async Task<Dictionary<string, string[]>> ValidateAsync(FaqInput input, CancellationToken cancellationToken)
    {
        var errors = FaqInputRules.Validate(input);
        if (input.CategoryId is { } categoryId && !await db.FaqCategories.AnyAsync(c => c.Id == categoryId, cancellationToken))
        {
            errors["category_id"] = ["No such category."];
        }

        return errors;
    }

    private static void Apply(Faq faq, FaqInput input, Guid? actorId, DateTimeOffset now)
    {
        faq.Question = input.Question;
        faq.Answer = input.Answer;
        faq.Alternates = [.. input.Alternates];
        faq.Language = input.Language;
        faq.Tags = [.. input.Tags];
        faq.IsActive = input.IsActive;
        faq.CategoryId = input.CategoryId;
        faq.ExternalId = input.ExternalId;
        faq.UpdatedAt = now;
        faq.UpdatedById = actorId;
    }

    /// <summary>Embeds, then writes FAQs and replaces their variants in one transaction. Returns a conflict message or null.</summary>
    private async Task<string?> SaveWithVariantsAsync(IReadOnlyList<Faq> faqs, CancellationToken cancellationToken)
    {
        var variants = await embedder.EmbedAsync(faqs, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            foreach (var faq in faqs.Where(f => f.Id == 0))
            {
                db.Faqs.Add(faq);
            }

            await db.SaveChangesAsync(cancellationToken);
            var ids = faqs.Select(f => f.Id).ToList();
            await db.FaqVariants.Where(v => ids.Contains(v.FaqId)).ExecuteDeleteAsync(cancellationToken);
            foreach (var (faq, rows) in variants)
            {
                foreach (var row in rows)
                {
                    row.FaqId = faq.Id;
                    row.CategoryId = faq.CategoryId;
                    db.FaqVariants.Add(row);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return "An FAQ with this external_id already exists.";
        }

        await version.BumpAsync();
        // Train the answer model for the new content now, so the next question does not wait for it.
        await models.RefreshAsync(cancellationToken);
        return null;
    }
}
