using ChatBot.Core.Knowledge;
using ChatBot.Core.Knowledge.Matching;

namespace ChatBot.Core.Tests.Knowledge;

/// <summary>The answer matcher on synthetic knowledge bases: FAQs are tight clusters of unit vectors in 384 dimensions.</summary>
public sealed class AnswerMatcherTests
{
    private const int Dimensions = 384;

    [Theory]
    [InlineData(10)]
    [InlineData(60)]
    public void A_paraphrase_finds_its_faq_and_a_vector_far_from_every_faq_falls_back(int faqCount)
    {
        var random = new Random(7);
        var centres = Enumerable.Range(0, faqCount).Select(_ => RandomUnit(random)).ToList();
        var faqs = centres.Select((centre, id) => Faq(id + 1, Enumerable.Range(0, 6).Select(_ => Near(centre, 0.35, random)).ToList())).ToList();

        var (matcher, report) = AnswerMatcherTrainer.Train(faqs, new MatchingOptions());
        var paraphrase = Near(centres[3], 0.35, random);
        var unrelated = RandomUnit(random);

        var forParaphrase = matcher.Rank("", paraphrase, Candidates(faqs, paraphrase));
        var forUnrelated = matcher.Rank("", unrelated, Candidates(faqs, unrelated));

        Assert.Equal(4, forParaphrase[0].Faq.FaqId);
        Assert.True(forParaphrase[0].Score >= matcher.Threshold, $"paraphrase {forParaphrase[0].Score:F3} below threshold {matcher.Threshold:F3}");
        Assert.True(forUnrelated[0].Score < matcher.Threshold, $"unrelated {forUnrelated[0].Score:F3} above threshold {matcher.Threshold:F3}");
        Assert.True(report.PseudoTop1Accuracy > 0.9);
        Assert.Equal(faqCount * 6, report.Positives);
    }

    [Fact]
    public void Confirmed_user_questions_relax_the_hedge_while_written_texts_alone_keep_it()
    {
        var random = new Random(5);
        // Pairs of FAQs around a shared topic overlap, as real sibling FAQs do: the hedged (lower) threshold applies.
        var topics = Enumerable.Range(0, 30).Select(_ => RandomUnit(random)).ToList();
        var centres = topics.SelectMany(t => new[] { Near(t, 0.3, random), Near(t, 0.3, random) }).ToList();
        var written = centres.Select((centre, id) => Faq(id + 1, Enumerable.Range(0, 12).Select(_ => Near(centre, 0.8, random)).ToList())).ToList();
        var withLearned = written.Select(f => f with { Variants = [.. f.Variants.Select(v => v with { Learned = v.Ordinal >= 6 })] }).ToList();

        var (_, hedged) = AnswerMatcherTrainer.Train(written, new MatchingOptions());
        var (_, relaxed) = AnswerMatcherTrainer.Train(withLearned, new MatchingOptions());

        Assert.Equal(0, hedged.LearnedShare);
        Assert.Equal(0.5, relaxed.LearnedShare);
        Assert.True(relaxed.Threshold > hedged.Threshold, $"relaxed {relaxed.Threshold:F4} not above hedged {hedged.Threshold:F4}; positives {string.Join('/', hedged.PositiveQuantiles)}, negatives {string.Join('/', hedged.NegativeQuantiles)}");
        Assert.True(relaxed.Threshold <= relaxed.PositiveQuantiles[0], "the threshold never passes the positives' 5th percentile here");
    }

    [Fact]
    public void A_trained_matcher_survives_a_round_trip_through_json()
    {
        var random = new Random(11);
        var faqs = Enumerable.Range(1, 45).Select(id => Faq(id, Enumerable.Range(0, 4).Select(_ => RandomUnit(random)).ToList())).ToList();
        var (matcher, _) = AnswerMatcherTrainer.Train(faqs, new MatchingOptions());
        var query = RandomUnit(random);

        var restored = AnswerMatcher.FromJson(matcher.ToJson(), new MatchingOptions());

        Assert.Equal(matcher.Threshold, restored.Threshold);
        Assert.Equal(matcher.Rank("q", query, faqs).Select(r => r.Score), restored.Rank("q", query, faqs).Select(r => r.Score));
    }

    [Fact]
    public void Bm25_prefers_the_faq_sharing_rare_words()
    {
        var words = Bm25Statistics.Fit(
        [
            [TextTokens.Of("reset my password"), TextTokens.Of("forgot password")],
            [TextTokens.Of("track my parcel"), TextTokens.Of("where is my order")],
        ], 1.2, 0.75);
        var query = TextTokens.Of("I forgot the password!");
        var norm = words.QueryNorm(query);

        var password = words.Score(query, norm, Counts("reset my password forgot password"), 4);
        var parcel = words.Score(query, norm, Counts("track my parcel where is my order"), 4);

        Assert.True(password > 0.3);
        Assert.Equal(0, parcel);
        Assert.InRange(password, 0, 1);
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4, 5 }, 0.0, 1)]
    [InlineData(new double[] { 1, 2, 3, 4, 5 }, 1.0, 5)]
    [InlineData(new double[] { 1, 2, 3, 4, 5 }, 0.35, 2.4)]
    public void Quantile_interpolates_like_numpy(double[] values, double q, double expected) =>
        Assert.Equal(expected, AnswerMatcherTrainer.Quantile(values, q), 9);

    private static Dictionary<string, int> Counts(string text) =>
        TextTokens.Of(text).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());

    private static FaqCandidate Faq(int id, List<float[]> texts) =>
        new(id, $"faq {id}", "", null, "en", texts.Select((v, i) => new VariantMatch(id * 100 + i, i, $"text {id} {i}", v, 0)).ToList());

    private static List<FaqCandidate> Candidates(List<FaqCandidate> faqs, float[] query) =>
        faqs.OrderByDescending(f => f.Variants.Max(v => VectorMath.Dot(v.Embedding, query))).Take(20).ToList();

    private static float[] RandomUnit(Random random) => Normalize(Enumerable.Range(0, Dimensions).Select(_ => (float)Gaussian(random)).ToArray());

    private static float[] Near(float[] centre, double spread, Random random) =>
        Normalize(centre.Select(c => (float)(c + spread * Gaussian(random) / Math.Sqrt(Dimensions) * 4)).ToArray());

    private static float[] Normalize(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
