using System.Globalization;
using ChatBot.Core.Data;
using ChatBot.Core.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Bulk FAQ imports, all rows or none: <see cref="PlanAsync"/> validates every row first (each error names its row),
/// then <see cref="WriteAsync"/> writes planned rows, in one go or in batches (the Worker's import job). A row whose
/// external id exists already updates that FAQ instead of adding a duplicate. A file holds at most
/// <see cref="FaqImportOptions.MaxRows"/> FAQs.
/// </summary>
public sealed class FaqImporter(ChatBotDbContext db, FaqWriter writer, IOptions<FaqImportOptions> options, TimeProvider time)
{
    /// <summary>Why a file of this many rows cannot be imported, or null when it can.</summary>
    public string? TooManyRows(int rows) => rows > options.Value.MaxRows
        ? string.Create(CultureInfo.InvariantCulture,
            $"The file holds {rows:N0} FAQs; one import takes at most {options.Value.MaxRows:N0} ({FaqImportOptions.Section}:{nameof(FaqImportOptions.MaxRows)}). Split it into smaller files.")
        : null;

    public async Task<ImportPlan> PlanAsync(IReadOnlyList<ImportRow> rows, CancellationToken cancellationToken)
    {
        if (TooManyRows(rows.Count) is { } tooMany)
        {
            // Not worth checking row by row: none of it will be written.
            return new ImportPlan([], [$"file: {tooMany}"]);
        }

        var rowErrors = new List<ImportRowError>();
        var planned = new List<PlannedRow>();
        foreach (var row in rows)
        {
            rowErrors.AddRange(row.Errors.Select(e => new ImportRowError(row.RowNumber, e)));
            var input = FaqInputRules.Normalize(row.Input);
            rowErrors.AddRange(FaqInputRules.Validate(input).SelectMany(e => e.Value.Select(m => new ImportRowError(row.RowNumber, $"{e.Key}: {m}"))));
            planned.Add(new PlannedRow(row.RowNumber, input, row.CategoryName));
        }

        var knownCategories = (await db.FaqCategories.Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var row in planned)
        {
            if (row.CategoryName is null && row.Input.CategoryId is { } categoryId && !knownCategories.Contains(categoryId))
            {
                rowErrors.Add(new ImportRowError(row.RowNumber, $"category_id: no category {categoryId}."));
            }

            if (row.CategoryName is { Length: > 200 })
            {
                rowErrors.Add(new ImportRowError(row.RowNumber, "category: at most 200 characters."));
            }
        }

        var duplicates = planned.Where(n => n.Input.ExternalId is not null)
            .GroupBy(n => n.Input.ExternalId!, StringComparer.Ordinal).Where(g => g.Count() > 1);
        rowErrors.AddRange(duplicates.SelectMany(g => g.Skip(1).Select(n => new ImportRowError(n.RowNumber, $"external_id '{g.Key}' appears more than once in the file"))));
        if (rows.Count == 0)
        {
            rowErrors.Add(new ImportRowError(0, "The file holds no FAQs."));
        }

        var errors = rowErrors.OrderBy(e => e.Row).Select(e => e.Row == 0 ? $"file: {e.Message}" : $"row {e.Row}: {e.Message}").ToList();
        return new ImportPlan(planned, errors);
    }

    /// <summary>Writes planned rows (embedding them first); the caller announces the change when all are written.</summary>
    public async Task<ImportWrite> WriteAsync(IReadOnlyList<PlannedRow> rows, Guid? actorId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var categories = await db.FaqCategories.ToListAsync(cancellationToken);
        var externalIds = rows.Select(r => r.Input.ExternalId).OfType<string>().ToList();
        var existing = await db.Faqs.Where(f => f.ExternalId != null && externalIds.Contains(f.ExternalId))
            .ToDictionaryAsync(f => f.ExternalId!, cancellationToken);
        var faqs = new List<Faq>();
        int created = 0, updated = 0;
        foreach (var row in rows)
        {
            var category = row.CategoryName is null ? null : ResolveCategory(categories, row.CategoryName, now);
            var input = category is null ? row.Input : row.Input with { CategoryId = category.Id };
            if (input.ExternalId is not null && existing.TryGetValue(input.ExternalId, out var faq))
            {
                updated++;
            }
            else
            {
                faq = new Faq { Question = input.Question, Answer = input.Answer, CreatedAt = now, CreatedById = actorId };
                created++;
            }

            FaqWriter.Apply(faq, input, actorId, now);
            if (category is not null)
            {
                // A category created by this import has no id until it is saved; the navigation links them.
                faq.Category = category;
            }

            faqs.Add(faq);
        }

        var conflict = await writer.WriteAsync(faqs, cancellationToken);
        return new ImportWrite(new ImportSummary(created, updated, faqs.Select(f => f.Id).ToList()), conflict);
    }

    /// <summary>Plans, writes everything at once and announces the change (the evaluation tool and the demo seed).</summary>
    public async Task<Result<ImportSummary>> ImportAllAsync(IReadOnlyList<ImportRow> rows, Guid? actorId, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(rows, cancellationToken);
        if (plan.Errors.Count > 0)
        {
            return Result<ImportSummary>.Invalid(new Dictionary<string, string[]> { ["rows"] = [.. plan.Errors] });
        }

        var written = await WriteAsync(plan.Rows, actorId, cancellationToken);
        if (written.Conflict is { } conflict)
        {
            return Result<ImportSummary>.Conflict(conflict);
        }

        await writer.KnowledgeChangedAsync(cancellationToken);
        return Result<ImportSummary>.Ok(written.Summary);
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
}
