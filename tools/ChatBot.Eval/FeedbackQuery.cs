using System.Text.Json.Serialization;

namespace ChatBot.Eval;

/// <summary>One line of feedback_queries.json: a real user question a moderator confirmed for an FAQ.</summary>
public sealed record FeedbackQuery(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("faq_id")] string FaqId);
