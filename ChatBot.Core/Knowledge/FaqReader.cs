using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Reads FAQs through HybridCache (in-process, then Redis). Keys carry the knowledge version, so a write anywhere makes
/// every replica miss and read fresh rows: a changed FAQ is never served stale.
/// </summary>
public sealed class FaqReader(ChatBotDbContext db, HybridCache cache, KnowledgeVersion version)
{
    private static readonly HybridCacheEntryOptions Entry = new()
    {
        Expiration = TimeSpan.FromMinutes(10),
        LocalCacheExpiration = TimeSpan.FromMinutes(2),
    };

    public async Task<FaqView?> GetAsync(int id, CancellationToken cancellationToken)
    {
        var key = $"faq:v{await version.CurrentAsync()}:{id}";
        return await cache.GetOrCreateAsync(key, async ct =>
            await db.Faqs.AsNoTracking().Where(f => f.Id == id).Select(WithoutVectors).SingleOrDefaultAsync(ct),
            Entry, cancellationToken: cancellationToken);
    }

    public async Task<FaqPage> ListAsync(FaqListQuery query, CancellationToken cancellationToken)
    {
        var key = $"faqs:v{await version.CurrentAsync()}:{query.Page}:{query.PageSize}:{string.Join(',', query.CategoryIds ?? [])}:{query.Language}:{query.Active}:{query.Text?.ToLowerInvariant()}";
        return await cache.GetOrCreateAsync(key, async ct =>
        {
            var faqs = db.Faqs.AsNoTracking();
            if (query.CategoryIds is { } categories)
            {
                faqs = faqs.Where(f => f.CategoryId != null && categories.Contains(f.CategoryId.Value));
            }

            if (query.Language is { } language)
            {
                faqs = faqs.Where(f => f.Language == language);
            }

            if (query.Active is { } active)
            {
                faqs = faqs.Where(f => f.IsActive == active);
            }

            if (!string.IsNullOrWhiteSpace(query.Text))
            {
                var pattern = LikePatterns.Containing(query.Text.Trim());
                faqs = faqs.Where(f => EF.Functions.ILike(f.Question, pattern, "\\") || EF.Functions.ILike(f.Answer, pattern, "\\")
                                       || f.Alternates.Any(a => EF.Functions.ILike(a, pattern, "\\")));
            }

            var total = await faqs.CountAsync(ct);
            var items = await faqs.OrderBy(f => f.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
                .Select(WithoutVectors).ToListAsync(ct);
            return new FaqPage(items, total);
        }, Entry, cancellationToken: cancellationToken);
    }

    /// <summary>Cached search results: the same question with the same filters is answered from the cache until a write.</summary>
    public async Task<T> CachedSearchAsync<T>(string fingerprint, Func<CancellationToken, ValueTask<T>> search, CancellationToken cancellationToken)
    {
        var key = $"faq-search:v{await version.CurrentAsync()}:{fingerprint}";
        return await cache.GetOrCreateAsync(key, search, Entry, cancellationToken: cancellationToken);
    }

    /// <summary>Readers never need the vectors; leaving them out keeps rows and cache entries small.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<Faq, FaqView>> WithoutVectors = f => new FaqView(
        f.Id, f.ExternalId, f.Question, f.Answer, f.Alternates, f.LearnedAlternates, f.Language, f.Tags, f.IsActive, f.CategoryId,
        f.EmbeddingModel, f.EmbeddedAt, f.CreatedAt, f.UpdatedAt);
}
