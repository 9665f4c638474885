using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Core.Knowledge.Matching;

/// <summary>Loads the active FAQs with their texts and embeddings, shaped as candidates, for training.</summary>
public sealed class KnowledgeSnapshot(ChatBotDbContext db)
{
    public async Task<IReadOnlyList<FaqCandidate>> LoadAsync(CancellationToken cancellationToken)
    {
        var rows = await db.FaqVariants.AsNoTracking()
            .Where(v => v.IsActive)
            .OrderBy(v => v.FaqId).ThenBy(v => v.Ordinal)
            .Select(v => new { v.Id, v.FaqId, v.Ordinal, v.Text, v.Embedding, v.Language, v.CategoryId })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.FaqId)
            .Select(g => new FaqCandidate(g.Key, g.First().Text, "", g.First().CategoryId, g.First().Language,
                g.Select(r => new VariantMatch(r.Id, r.Ordinal, r.Text, r.Embedding.ToArray(), 0)).ToList()))
            .ToList();
    }
}
