using ChatBot.Core.Moderation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBot.Api.Chat;

public static class ChatProblems
{
    /// <summary>422 for a message moderation refused, naming the reason category (never echoing the content).</summary>
    public static ProblemHttpResult Refused(ModerationVerdict verdict) => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "Message refused",
        detail: verdict.ReasonCategory switch
        {
            "pii.card_number" => "Please don't share card numbers in the chat; we never need them here.",
            "prompt_injection" => "The message tries to change the assistant's instructions.",
            _ => "The message breaks the content rules.",
        },
        extensions: new Dictionary<string, object?> { ["category"] = verdict.ReasonCategory, ["categories"] = verdict.Categories });
}
