using ChatBot.Api.Conversations;
using ChatBot.Core.Moderation;

namespace ChatBot.Api.Chat;

/// <summary>The seed's send request: a message, optionally into an existing conversation, optionally with a language.</summary>
public sealed record SendMessageRequest(string? Message, Guid? ConversationId = null, string? Language = null);

/// <summary>The seed's send response, plus timings and the model that answered.</summary>
public sealed record SendMessageResponse(
    Guid ConversationId,
    Guid MessageId,
    string Response,
    IReadOnlyList<SourceResponse> Sources,
    bool Fallback,
    string Model,
    UsageResponse Usage,
    int ResponseTimeMs,
    string Status);

public sealed record StopResponse(Guid MessageId, string Status);

/// <summary>What starting a turn led to.</summary>
public abstract record StartOutcome
{
    public sealed record Started(Guid ConversationId, Guid UserMessageId, Guid AssistantMessageId) : StartOutcome;

    public sealed record Invalid(string Field, string Message, int StatusCode) : StartOutcome;

    public sealed record ConversationNotFound : StartOutcome;

    public sealed record Refused(ModerationVerdict Verdict) : StartOutcome;

    /// <summary>Another answer in this conversation is still being written and did not finish in time.</summary>
    public sealed record ConversationBusy : StartOutcome;

    /// <summary>The user (or this replica) already has as many answers being written as it may.</summary>
    public sealed record TooManyAnswers(AnswerSlot Slot) : StartOutcome
    {
        public string Detail => Slot == AnswerSlot.UserBusy
            ? "You already have answers being written. Wait for one to finish, or stop it."
            : "The assistant is answering too many questions right now. Try again in a moment.";
    }
}
