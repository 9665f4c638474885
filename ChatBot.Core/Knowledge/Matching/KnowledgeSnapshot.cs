using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Core.Knowledge.Matching;

/// <summary>
/// Loads the active FAQs with their texts and embeddings, shaped as candidates, for training: all of them, or a fixed
/// random sample of <see cref="MatchingOptions.MaxTrainingFaqs"/> on large knowledge bases, so memory and time stay
/// bounded however many FAQs there are.
/// </summary>
public sealed class KnowledgeSnapshot(ChatBotDbContext db, MatchingOptions options)
{
    public async Task<IReadOnlyList<FaqCandidate>> LoadAsync(CancellationToken cancellationToken)
    {
        var active = db.FaqVariants.AsNoTracking().Where(v => v.IsActive);
        var faqIds = await active.Select(v => v.FaqId).Distinct().OrderBy(id => id).ToListAsync(cancellationToken);
        if (faqIds.Count > options.MaxTrainingFaqs)
        {
            var random = new Random(options.Seed);
            var sample = faqIds.OrderBy(_ => random.Next()).Take(options.MaxTrainingFaqs).ToArray();
            active = active.Where(v => sample.Contains(v.FaqId));
        }

        var rows = await active
            .OrderBy(v => v.FaqId).ThenBy(v => v.Ordinal)
            .Select(v => new { v.Id, v.FaqId, v.Ordinal, v.Text, v.Embedding, v.Language, v.CategoryId, Learned = db.Faqs.Any(f => f.Id == v.FaqId && f.LearnedAlternates.Contains(v.Text)) })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.FaqId)
            .Select(g => new FaqCandidate(g.Key, g.First().Text, "", g.First().CategoryId, g.First().Language,
                g.Select(r => new VariantMatch(r.Id, r.Ordinal, r.Text, r.Embedding.ToArray(), 0, r.Learned)).ToList()))
            .ToList();
    }
}
