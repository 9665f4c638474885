using System.Diagnostics;
using System.Numerics.Tensors;

namespace ChatBot.Core.Knowledge.Matching;

/// <summary>
/// Trains a knowledge base's <see cref="AnswerMatcher"/> from its own FAQs only. The LDA projection and word
/// statistics come from all their texts. The fallback threshold comes from pseudo-questions: fold f holds out every
/// FAQ's texts whose ordinal is f modulo the fold count and asks them; with its FAQ's other texts still there a text is
/// a positive (it should be answered), with its whole FAQ removed it is a negative (a stand-in for a question the
/// knowledge base does not cover). Threshold = min(a low quantile of the positives, a middle quantile of the
/// negatives), moved towards their midpoint as far as the positives are real users' confirmed questions.
/// </summary>
public static class AnswerMatcherTrainer
{
    /// <summary>Used when there is too little to learn from (fewer than two FAQs).</summary>
    public const double DefaultThreshold = 0.6;

    private static readonly double[] ReportedPositiveQuantiles = [0.05, 0.1, 0.25, 0.5];
    private static readonly double[] ReportedNegativeQuantiles = [0.35, 0.5, 0.75, 0.9, 0.95];

    public static (AnswerMatcher Matcher, TrainingReport Report) Train(IReadOnlyList<FaqCandidate> faqs, MatchingOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        var random = new Random(options.Seed);
        var sample = faqs.Count <= options.MaxTrainingFaqs
            ? faqs
            : faqs.OrderBy(_ => random.Next()).Take(options.MaxTrainingFaqs).OrderBy(f => f.FaqId).ToList();
        var texts = sample.SelectMany(f => f.Variants.Select(v => (Faq: f.FaqId, Variant: v))).ToList();
        if (sample.Count < 2 || texts.Count < 3)
        {
            var identity = Identity(texts.FirstOrDefault().Variant?.Embedding.Length ?? EmbeddingDimensions.Value);
            return (new AnswerMatcher(identity, WordsOf(sample, options), options, DefaultThreshold),
                new TrainingReport(0, 0, DefaultThreshold, 0, Stopwatch.GetElapsedTime(started)));
        }

        var projection = Project(texts, sample.Count, options);
        var words = WordsOf(sample, options);

        var positives = new List<double>();
        var negatives = new List<double>();
        var learnedPositives = 0;
        var correct = 0;
        for (var fold = 0; fold < options.Folds; fold++)
        {
            // Learned phrasings come after the written ones, so every fold holds out some of each once FAQs have them.
            var kept = sample.Select(f => f with { Variants = f.Variants.Where(v => v.Ordinal % options.Folds != fold).ToList() }).Where(f => f.Variants.Count > 0).ToList();
            var heldOut = sample.SelectMany(f => f.Variants.Where(v => v.Ordinal % options.Folds == fold).Select(v => (Faq: f.FaqId, Variant: v))).ToList();
            if (kept.Count < 2 || heldOut.Count == 0)
            {
                continue;
            }

            var keptTexts = kept.SelectMany(f => f.Variants.Select(v => (Faq: f.FaqId, Variant: v))).ToList();
            // Refitting the projection per fold keeps a held-out text out of it; past a few thousand texts one text no
            // longer moves it measurably, and the refits would dominate training time, so large bases reuse it.
            var foldProjection = sample.Count > options.MaxFaqsForFoldProjections ? projection : Project(keptTexts, sample.Count, options);
            var scorer = new CandidateScorer(foldProjection, WordsOf(kept, options), options);
            if (heldOut.Count > options.MaxPseudoQueriesPerFold)
            {
                heldOut = heldOut.OrderBy(_ => random.Next()).Take(options.MaxPseudoQueriesPerFold).ToList();
            }

            // Each kept FAQ is prepared once per fold; every pseudo-question then costs only dot products.
            var prepared = kept.Select(scorer.Prepare).ToList();
            var keptIds = kept.Select(f => f.FaqId).ToHashSet();
            foreach (var (faq, question) in heldOut)
            {
                var query = scorer.Prepare(question.Text, question.Embedding);
                var nearest = Nearest(prepared, question.Embedding, options.Candidates + 1);
                if (keptIds.Contains(faq))
                {
                    var ranked = scorer.Rank(query, nearest.Take(options.Candidates).ToList());
                    positives.Add(ranked[0].Score);
                    learnedPositives += question.Learned ? 1 : 0;
                    correct += ranked[0].Faq.FaqId == faq ? 1 : 0;
                }

                var uncovered = scorer.Rank(query, nearest.Where(c => c.Faq.FaqId != faq).Take(options.Candidates).ToList());
                if (uncovered.Count > 0)
                {
                    negatives.Add(uncovered[0].Score);
                }
            }
        }

        var learnedShare = positives.Count == 0 ? 0 : (double)learnedPositives / positives.Count;
        var threshold = positives.Count == 0 || negatives.Count == 0 ? DefaultThreshold : Calibrate(positives, negatives, learnedShare, options);
        var report = new TrainingReport(positives.Count, negatives.Count, threshold,
            positives.Count == 0 ? 0 : (double)correct / positives.Count, Stopwatch.GetElapsedTime(started))
        {
            LearnedShare = Math.Round(learnedShare, 3),
            PositiveQuantiles = positives.Count == 0 ? [] : [.. ReportedPositiveQuantiles.Select(q => Math.Round(Quantile(positives, q), 3))],
            NegativeQuantiles = negatives.Count == 0 ? [] : [.. ReportedNegativeQuantiles.Select(q => Math.Round(Quantile(negatives, q), 3))],
        };
        return (new AnswerMatcher(projection, words, options, threshold), report);
    }

    /// <summary>
    /// Where FAQs are alike, questions whose FAQ is missing score as high as real matches: the threshold then takes the
    /// lower of a low quantile of the positives and a middle quantile of the negatives, keeping false fallbacks rare.
    /// Where FAQs are unlike each other, the negatives sit clearly below the positives (they look off-topic): the
    /// threshold then goes halfway between the top of the negatives and the bottom of the positives.
    /// Taking the lower of the two hedges against written alternates that are near-copies of the question (they
    /// overstate how well real questions match). Held-out confirmed user questions are real questions, so the hedge
    /// relaxes in proportion to their share of the positives, up to the midpoint of the two quantiles: with only
    /// written texts nothing changes, and one approval moves the threshold by a hair, not a step.
    /// </summary>
    private static double Calibrate(List<double> positives, List<double> negatives, double learnedShare, MatchingOptions options)
    {
        var positiveLow = Quantile(positives, options.PositiveQuantile);
        var negativeHigh = Quantile(negatives, options.SeparatedNegativeQuantile);
        if (positiveLow > negativeHigh)
        {
            return (positiveLow + negativeHigh) / 2;
        }

        var negativeMiddle = Quantile(negatives, options.NegativeQuantile);
        var hedged = Math.Min(positiveLow, negativeMiddle);
        return hedged + learnedShare * ((positiveLow + negativeMiddle) / 2 - hedged);
    }

    private static LdaProjection Project(List<(int Faq, VariantMatch Variant)> texts, int faqCount, MatchingOptions options) =>
        faqCount < options.MinFaqsForProjection
            ? Identity(texts[0].Variant.Embedding.Length)
            : LdaProjection.Fit(texts.Select(t => t.Variant.Embedding).ToList(), texts.Select(t => t.Faq).ToList(), options.Shrinkage, options.EigenPower);

    /// <summary>Stage 1 for pseudo-questions, done in memory: the FAQs with the most similar text, best first.</summary>
    private static List<PreparedCandidate> Nearest(List<PreparedCandidate> faqs, float[] query, int count)
    {
        // Keeps the best `count` in a heap whose top is the weakest kept (lowest similarity, then highest id).
        var heap = new PriorityQueue<PreparedCandidate, (double Similarity, int NegatedId)>();
        foreach (var faq in faqs)
        {
            var similarity = double.NegativeInfinity;
            foreach (var variant in faq.Faq.Variants)
            {
                similarity = Math.Max(similarity, TensorPrimitives.Dot(variant.Embedding, query));
            }

            var key = (similarity, -faq.Faq.FaqId);
            if (heap.Count < count)
            {
                heap.Enqueue(faq, key);
            }
            else if (heap.TryPeek(out _, out var weakest) && key.CompareTo(weakest) > 0)
            {
                heap.DequeueEnqueue(faq, key);
            }
        }

        var result = new List<PreparedCandidate>(heap.Count);
        while (heap.TryDequeue(out var faq, out _))
        {
            result.Add(faq);
        }

        result.Reverse();
        return result;
    }

    private static Bm25Statistics WordsOf(IReadOnlyList<FaqCandidate> faqs, MatchingOptions options) =>
        Bm25Statistics.Fit(faqs.Select(f => (IReadOnlyList<List<string>>)f.Variants.Select(v => TextTokens.Of(v.Text)).ToList()).ToList(), options.Bm25K1, options.Bm25B);

    private static LdaProjection Identity(int dimensions)
    {
        var matrix = new float[dimensions * dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            matrix[i * dimensions + i] = 1;
        }

        return new LdaProjection(new float[dimensions], matrix);
    }

    /// <summary>Linear interpolation between order statistics (numpy's default quantile).</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}

/// <summary>What training saw: pseudo-question counts, the threshold, and how often the held-out text found its own FAQ.</summary>
public sealed record TrainingReport(int Positives, int Negatives, double Threshold, double PseudoTop1Accuracy, TimeSpan Elapsed)
{
    /// <summary>Pseudo-positive best scores at the 5th, 10th, 25th and 50th percentiles.</summary>
    public IReadOnlyList<double> PositiveQuantiles { get; init; } = [];

    /// <summary>Pseudo-negative best scores at the 35th, 50th, 75th, 90th and 95th percentiles.</summary>
    public IReadOnlyList<double> NegativeQuantiles { get; init; } = [];

    /// <summary>The share of pseudo-positives that were confirmed user questions (learned phrasings), not written texts.</summary>
    public double LearnedShare { get; init; }
}
