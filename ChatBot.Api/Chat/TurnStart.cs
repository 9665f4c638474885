using ChatBot.Core.Moderation;

namespace ChatBot.Api.Chat;

/// <summary>What starting a turn led to.</summary>
public abstract record TurnStart
{
    public sealed record Started(Guid ConversationId, Guid UserMessageId, Guid AssistantMessageId) : TurnStart;

    public sealed record Invalid(string Field, string Message, int StatusCode) : TurnStart;

    public sealed record ConversationNotFound : TurnStart;

    public sealed record Refused(ModerationVerdict Verdict) : TurnStart;

    /// <summary>Another answer in this conversation is still being written and did not finish in time.</summary>
    public sealed record ConversationBusy : TurnStart;

    /// <summary>The user (or this replica) already has as many answers being written as it may.</summary>
    public sealed record TooManyAnswers(AnswerSlot Slot) : TurnStart
    {
        public string Detail => Slot == AnswerSlot.UserBusy
            ? "You already have answers being written. Wait for one to finish, or stop it."
            : "The assistant is answering too many questions right now. Try again in a moment.";
    }
}
