using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Makes training examples from the knowledge base's own paraphrases: every text of a sampled FAQ asked once with just
/// itself hidden (positive) and once with its whole FAQ hidden (negative). Large knowledge bases are sampled with a
/// fixed seed, so training cost stays bounded and every replica trains the same model.
/// </summary>
public sealed class PseudoQuerySampler(ChatBotDbContext db, FaqCandidateSearch search)
{
    /// <summary>FAQs sampled for training; a knowledge base smaller than this is used whole.</summary>
    public const int MaxSampledFaqs = 400;

    public async Task<IReadOnlyList<TrainingExample>> SampleAsync(CancellationToken cancellationToken)
    {
        var variants = await db.FaqVariants.AsNoTracking()
            .Where(v => v.IsActive)
            .OrderBy(v => v.FaqId).ThenBy(v => v.Ordinal)
            .Select(v => new { v.Id, v.FaqId, v.Text, v.Language, v.Embedding })
            .ToListAsync(cancellationToken);
        var byFaq = variants.GroupBy(v => v.FaqId).Where(g => g.Count() >= 2).ToList();
        var random = new Random(20261125);
        var sampled = byFaq.Count <= MaxSampledFaqs ? byFaq : byFaq.OrderBy(_ => random.Next()).Take(MaxSampledFaqs).OrderBy(g => g.Key).ToList();
        // Only one FAQ: nothing can compete with it, so there is nothing to learn.
        if (byFaq.Count < 2)
        {
            return [];
        }

        var examples = new List<TrainingExample>();
        foreach (var faq in sampled)
        {
            foreach (var text in faq)
            {
                var embedding = text.Embedding.ToArray();
                var positive = new PseudoQuery(text.Text, embedding, text.Language, text.Id, ExcludeFaqId: null, ExpectedFaqId: faq.Key);
                var negative = new PseudoQuery(text.Text, embedding, text.Language, text.Id, ExcludeFaqId: faq.Key, ExpectedFaqId: null);
                examples.Add(new TrainingExample(positive, await search.FindAsync(positive.ToCandidateQuery(), cancellationToken)));
                examples.Add(new TrainingExample(negative, await search.FindAsync(negative.ToCandidateQuery(), cancellationToken)));
            }
        }

        return examples;
    }
}
