using System.Text.Json.Serialization;

namespace ChatBot.Eval;

/// <summary>The same figures as ../shared/eval/score.py (Larson et al. 2019 naming), computed here for the console.</summary>
public sealed record Metrics(
    [property: JsonPropertyName("n_queries")] int Queries,
    [property: JsonPropertyName("n_in_scope")] int InScope,
    [property: JsonPropertyName("n_oos")] int OutOfScope,
    [property: JsonPropertyName("in_scope_accuracy")] double? InScopeAccuracy,
    [property: JsonPropertyName("oos_recall")] double? OosRecall,
    [property: JsonPropertyName("oos_precision")] double? OosPrecision,
    [property: JsonPropertyName("in_scope_false_fallback_rate")] double? FalseFallbackRate,
    [property: JsonPropertyName("in_scope_wrong_answer_rate")] double? WrongAnswerRate,
    [property: JsonPropertyName("oos_recall_by_kind")] IReadOnlyDictionary<string, double?> OosRecallByKind)
{
    public static Metrics Score(IReadOnlyList<EvalQuery> queries, IReadOnlyList<string?> predictions)
    {
        int inScope = 0, correct = 0, falseFallback = 0, wrong = 0, oos = 0, oosFallback = 0, fallbacks = 0;
        var kindTotal = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var kindFallback = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < queries.Count; i++)
        {
            var expected = queries[i].ExpectedFaqId;
            var predicted = predictions[i];
            if (predicted is null)
            {
                fallbacks++;
            }

            if (expected is null)
            {
                oos++;
                var kind = queries[i].Kind ?? "oos";
                kindTotal[kind] = kindTotal.GetValueOrDefault(kind) + 1;
                if (predicted is null)
                {
                    oosFallback++;
                    kindFallback[kind] = kindFallback.GetValueOrDefault(kind) + 1;
                }
            }
            else
            {
                inScope++;
                if (predicted == expected)
                {
                    correct++;
                }
                else if (predicted is null)
                {
                    falseFallback++;
                }
                else
                {
                    wrong++;
                }
            }
        }

        static double? Ratio(int a, int b) => b == 0 ? null : Math.Round((double)a / b, 4);
        return new Metrics(queries.Count, inScope, oos, Ratio(correct, inScope), Ratio(oosFallback, oos), Ratio(oosFallback, fallbacks),
            Ratio(falseFallback, inScope), Ratio(wrong, inScope),
            kindTotal.ToDictionary(k => k.Key, k => Ratio(kindFallback.GetValueOrDefault(k.Key), k.Value)));
    }
}
