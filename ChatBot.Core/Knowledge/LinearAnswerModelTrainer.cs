namespace ChatBot.Core.Knowledge;

/// <summary>
/// Fits <see cref="LinearAnswerModel"/> on pseudo-queries (full-batch gradient descent on the logistic loss with L2,
/// deterministic), then picks the threshold that keeps false fallbacks on the positives near a target rate.
/// </summary>
public static class LinearAnswerModelTrainer
{
    /// <summary>Share of (correctly ranked) pseudo-positives the threshold may reject.</summary>
    public const double TargetFalseFallbackRate = 0.08;

    private const int Epochs = 400;
    private const double LearningRate = 0.5;
    private const double L2 = 1e-3;

    /// <summary>Weights for an empty or one-FAQ knowledge base, where nothing can be learned.</summary>
    private static readonly double[] PriorWeights = [-12, 20, 0, 0, 2, 0, 0];
    private const double PriorThreshold = 0.5;

    public static LinearAnswerModel Train(IReadOnlyList<TrainingExample> examples)
    {
        var rows = new List<(double[] X, double Y)>();
        foreach (var example in examples)
        {
            var features = AnswerFeatures.Compute(example.Candidates);
            for (var i = 0; i < example.Candidates.Count; i++)
            {
                rows.Add((features[i], example.Candidates[i].FaqId == example.Query.ExpectedFaqId ? 1 : 0));
            }
        }

        if (rows.Count == 0 || rows.All(r => r.Y == 0) || rows.All(r => r.Y == 1))
        {
            return new LinearAnswerModel(PriorWeights, PriorThreshold);
        }

        var weights = Fit(rows);
        var model = new LinearAnswerModel(weights, 0);
        return new LinearAnswerModel(weights, CalibrateThreshold(model, examples));
    }

    private static double[] Fit(List<(double[] X, double Y)> rows)
    {
        var weights = new double[AnswerFeatures.Count];
        var positives = rows.Count(r => r.Y == 1);
        // Balance the classes: there are many more wrong candidates than right ones.
        var positiveWeight = (rows.Count - positives) / (double)Math.Max(1, positives);
        var gradient = new double[weights.Length];
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            Array.Clear(gradient);
            var total = 0.0;
            foreach (var (x, y) in rows)
            {
                var z = 0.0;
                for (var i = 0; i < weights.Length; i++)
                {
                    z += weights[i] * x[i];
                }

                var p = 1 / (1 + Math.Exp(-z));
                var w = y == 1 ? positiveWeight : 1;
                for (var i = 0; i < weights.Length; i++)
                {
                    gradient[i] += w * (p - y) * x[i];
                }

                total += w;
            }

            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] -= LearningRate * (gradient[i] / total + L2 * weights[i]);
            }
        }

        return weights;
    }

    private static double CalibrateThreshold(LinearAnswerModel model, IReadOnlyList<TrainingExample> examples)
    {
        var acceptedScores = examples
            .Where(e => e.Query.ExpectedFaqId is not null && e.Candidates.Count > 0)
            .Select(e => (Best: model.Rank(e.Query.Text, e.Candidates)[0], Expected: e.Query.ExpectedFaqId))
            .Where(r => r.Best.Faq.FaqId == r.Expected)
            .Select(r => r.Best.Score)
            .Order()
            .ToArray();
        if (acceptedScores.Length == 0)
        {
            return PriorThreshold;
        }

        return acceptedScores[(int)Math.Floor(TargetFalseFallbackRate * (acceptedScores.Length - 1))];
    }
}
