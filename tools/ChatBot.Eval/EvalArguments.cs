namespace ChatBot.Eval;

/// <summary>
/// <c>--dataset DIR --split NAME --predictions FILE</c> (plus optional <c>--metrics FILE</c>, <c>--details FILE</c>,
/// <c>--feedback FILE --feedback-per-faq K</c>).
/// </summary>
public sealed record EvalArguments(string Dataset, string Split, string Predictions, string? Metrics, string? Details, string? Feedback = null, int FeedbackPerFaq = 0)
{
    public string FaqsFile => Path.Combine(Dataset, "faqs.json");

    public string QueriesFile => Path.Combine(Dataset, $"{Split}_queries.json");

    public static EvalArguments? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            values[args[i][2..]] = args[i + 1];
        }

        return values.TryGetValue("dataset", out var dataset) && values.TryGetValue("split", out var split) && values.TryGetValue("predictions", out var predictions)
            && (!values.TryGetValue("feedback-per-faq", out var perFaq) || int.TryParse(perFaq, out _))
            ? new EvalArguments(dataset, split, predictions, values.GetValueOrDefault("metrics"), values.GetValueOrDefault("details"),
                values.GetValueOrDefault("feedback"), int.Parse(values.GetValueOrDefault("feedback-per-faq", "0"), System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }

    public const string Usage = """
        Usage: dotnet run --project tools/ChatBot.Eval -c Release -- --dataset DIR --split NAME --predictions FILE [--metrics FILE]
          DIR/faqs.json            FAQs to import into a fresh knowledge base
          DIR/NAME_queries.json    queries (query, expected_faq_id or null) to answer
          FILE                     written: JSON list aligned with the queries, FAQ id or null (fallback)
          --metrics FILE           also write the metrics as JSON
          --details FILE           also write, per query, the best candidate, its score and the threshold
          --feedback FILE          confirmed user questions (feedback_queries.json: query, faq_id), learned before
          --feedback-per-faq K     answering through the product's suggestion and approval path: the first K per FAQ
        Uses ConnectionStrings__chatdb / ConnectionStrings__cache when set (the database is emptied!); otherwise starts
        its own throw-away PostgreSQL and Redis.
        """;
}
