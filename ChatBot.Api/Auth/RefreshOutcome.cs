namespace ChatBot.Api.Auth;

public enum RefreshResult
{
    Success,
    Invalid,
    Reused,
    Limited,
}

/// <summary>What happened to a refresh attempt, with enough context for the audit log.</summary>
public sealed record RefreshOutcome(RefreshResult Result, TokenPair? Tokens, Guid? UserId, Guid? SessionId, TimeSpan? RetryAfter = null)
{
    public static RefreshOutcome Success(Guid userId, TokenPair tokens) => new(RefreshResult.Success, tokens, userId, null);

    public static RefreshOutcome Invalid(Guid? userId = null) => new(RefreshResult.Invalid, null, userId, null);

    public static RefreshOutcome Reused(Guid userId, Guid sessionId) => new(RefreshResult.Reused, null, userId, sessionId);

    public static RefreshOutcome Limited(Guid userId, Guid sessionId, TimeSpan retryAfter) =>
        new(RefreshResult.Limited, null, userId, sessionId, retryAfter);
}
