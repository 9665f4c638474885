using System.Text.Json.Serialization;

namespace ChatBot.Eval;

/// <summary>One line of a <c>*_queries.json</c> file.</summary>
public sealed record EvalQuery(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("expected_faq_id")] string? ExpectedFaqId,
    [property: JsonPropertyName("kind")] string? Kind);
