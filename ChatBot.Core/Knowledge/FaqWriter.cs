using ChatBot.Core.Data;
using ChatBot.Core.Learning;
using ChatBot.Core.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Every change to FAQs goes through here: validate, embed (before the transaction, so it stays short), write the FAQ
/// and its variants together, then bump the knowledge version so caches and the answer model refresh everywhere.
/// </summary>
public sealed class FaqWriter(
    ChatBotDbContext db,
    FaqEmbedder embedder,
    KnowledgeVersion version,
    AnswerModelProvider models,
    IOptions<KnowledgeOptions> options,
    TimeProvider time)
{
    public async Task<Result<Faq>> CreateAsync(FaqInput input, Guid? actorId, CancellationToken cancellationToken)
    {
        input = FaqInputRules.Normalize(input);
        var errors = await ValidateAsync(input, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<Faq>.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var faq = new Faq { Question = input.Question, Answer = input.Answer, CreatedAt = now, CreatedById = actorId };
        Apply(faq, input, actorId, now);
        return await SaveAsync(faq, cancellationToken);
    }

    public async Task<Result<Faq>> UpdateAsync(int id, FaqInput input, Guid? actorId, CancellationToken cancellationToken)
    {
        var faq = await db.Faqs.SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (faq is null)
        {
            return Result<Faq>.NotFound();
        }

        input = FaqInputRules.Normalize(input);
        var errors = await ValidateAsync(input, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<Faq>.Invalid(errors);
        }

        Apply(faq, input, actorId, time.GetUtcNow());
        return await SaveAsync(faq, cancellationToken);
    }

    /// <summary>
    /// Adds approved user questions to their FAQs as alternates marked as learned, through the same validation,
    /// embedding and retraining as any edit, all FAQs in one write and one retraining. A phrasing an FAQ already has
    /// (same words) is not added twice. Returns how many phrasings were added.
    /// </summary>
    public async Task<Result<int>> LearnAsync(IReadOnlyDictionary<int, IReadOnlyList<string>> phrasingsByFaq, Guid? actorId, CancellationToken cancellationToken)
    {
        var ids = phrasingsByFaq.Keys.ToList();
        var faqs = await db.Faqs.Where(f => ids.Contains(f.Id)).ToListAsync(cancellationToken);
        if (faqs.Count < ids.Count)
        {
            return Result<int>.NotFound();
        }

        var now = time.GetUtcNow();
        var changed = new List<Faq>();
        var added = 0;
        foreach (var faq in faqs)
        {
            var known = faq.Alternates.Append(faq.Question).Select(PhrasingKey.Of).ToHashSet();
            var learned = phrasingsByFaq[faq.Id].Where(p => known.Add(PhrasingKey.Of(p))).ToList();
            if (learned.Count == 0)
            {
                continue;
            }

            var input = FaqInputRules.Normalize(new FaqInput(faq.Question, faq.Answer, [.. faq.Alternates, .. learned], faq.Language, faq.Tags,
                faq.IsActive, faq.CategoryId, faq.ExternalId));
            var errors = await ValidateAsync(input, cancellationToken);
            if (errors.Count > 0)
            {
                return Result<int>.Invalid(errors.ToDictionary(e => $"faq {faq.Id}: {e.Key}", e => e.Value));
            }

            Apply(faq, input, actorId, now);
            faq.LearnedAlternates = [.. faq.LearnedAlternates, .. learned.Where(faq.Alternates.Contains)];
            changed.Add(faq);
            added += learned.Count;
        }

        if (changed.Count > 0)
        {
            if (await WriteAsync(changed, cancellationToken) is { } conflict)
            {
                return Result<int>.Conflict(conflict);
            }

            await KnowledgeChangedAsync(cancellationToken);
        }

        return Result<int>.Ok(added);
    }

    private async Task<Result<Faq>> SaveAsync(Faq faq, CancellationToken cancellationToken)
    {
        var conflict = await WriteAsync([faq], cancellationToken);
        if (conflict is not null)
        {
            return Result<Faq>.Conflict(conflict);
        }

        await KnowledgeChangedAsync(cancellationToken);
        return Result<Faq>.Ok(faq);
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        var deleted = await db.Faqs.Where(f => f.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            await KnowledgeChangedAsync(cancellationToken);
        }

        return deleted > 0;
    }

    /// <summary>
    /// Embeds the given FAQs again with the configured model (after a model change); returns how many. The caller
    /// announces the change once all batches are done.
    /// </summary>
    public async Task<int> ReembedAsync(IReadOnlyList<int> ids, CancellationToken cancellationToken)
    {
        var faqs = await db.Faqs.Where(f => ids.Contains(f.Id)).ToListAsync(cancellationToken);
        if (faqs.Count > 0)
        {
            await WriteAsync(faqs, cancellationToken);
        }

        return faqs.Count;
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

    internal static void Apply(Faq faq, FaqInput input, Guid? actorId, DateTimeOffset now)
    {
        faq.Question = input.Question;
        faq.Answer = input.Answer;
        faq.Alternates = [.. input.Alternates];
        // An editor who removes a learned phrasing removes it for good: only alternates still there stay learned.
        faq.LearnedAlternates = faq.LearnedAlternates.Where(input.Alternates.Contains).ToList();
        faq.Language = input.Language;
        faq.Tags = [.. input.Tags];
        faq.IsActive = input.IsActive;
        faq.CategoryId = input.CategoryId;
        faq.ExternalId = input.ExternalId;
        faq.UpdatedAt = now;
        faq.UpdatedById = actorId;
    }

    /// <summary>
    /// The knowledge base changed: caches and replicas move to a new version. The answer model is retrained here
    /// (<see cref="AnswerModelTraining.InProcess"/>), or by the Worker's training job, which notices the new version.
    /// </summary>
    public async Task KnowledgeChangedAsync(CancellationToken cancellationToken)
    {
        await version.BumpAsync();
        if (options.Value.AnswerModelTraining == AnswerModelTraining.InProcess)
        {
            await models.RefreshAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Embeds, then writes FAQs and replaces their variants in one transaction (the caller's, when it has one open:
    /// the import job commits each batch with its progress). Returns a conflict message or null.
    /// </summary>
    internal async Task<string?> WriteAsync(IReadOnlyList<Faq> faqs, CancellationToken cancellationToken)
    {
        var variants = await embedder.EmbedAsync(faqs, cancellationToken);
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
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
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.RollbackAsync(cancellationToken);
            }

            db.ChangeTracker.Clear();
            return "An FAQ with this external_id already exists.";
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }

        return null;
    }
}
