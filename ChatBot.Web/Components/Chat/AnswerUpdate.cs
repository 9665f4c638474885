using ChatBot.Web.Api;
using ChatBot.Web.Api.Contracts;

namespace ChatBot.Web.Components.Chat;

/// <summary>What a chat page learns while an answer streams.</summary>
public abstract record AnswerUpdate
{
    /// <summary>The next numbered event of the answer (start, delta, sources, done, error).</summary>
    public sealed record Received(StreamEvent Event) : AnswerUpdate;

    /// <summary>The stream dropped; reconnecting to continue after the last event received.</summary>
    public sealed record Resuming(int Attempt, long AfterSeq) : AnswerUpdate;

    /// <summary>The message was refused (moderation, limits, too long) or the answer could not be reached again.</summary>
    public sealed record Failed(ApiError Error) : AnswerUpdate;
}
