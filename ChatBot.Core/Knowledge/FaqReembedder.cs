using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Finds FAQs embedded by another model than the configured one (or never embedded) and embeds them again, in
/// batches, so switching the embedding model repairs the whole knowledge base by itself.
/// </summary>
public sealed class FaqReembedder(ChatBotDbContext db, FaqEmbedder embedder, FaqWriter writer, ILogger<FaqReembedder> logger)
{
    private const int BatchSize = 200;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var model = embedder.ModelId;
            var stale = await db.Faqs.AsNoTracking()
                .Where(f => f.EmbeddingModel != model || f.EmbeddingModel == null)
                .OrderBy(f => f.Id).Select(f => f.Id).Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (stale.Count == 0)
            {
                break;
            }

            total += await writer.ReembedAsync(stale, cancellationToken);
            db.ChangeTracker.Clear();
            logger.LogInformation("Re-embedded {Count} FAQs with {Model}", stale.Count, model);
        }

        if (total > 0)
        {
            await writer.KnowledgeChangedAsync(cancellationToken);
        }

        return total;
    }
}
