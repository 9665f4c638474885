namespace ChatBot.Api.Auth;

public enum LoginResult
{
    Success,
    InvalidCredentials,
    LockedOut,
    Disabled,
}

public sealed record LoginOutcome(LoginResult Result, TokenPair? Tokens, TimeSpan? RetryAfter)
{
    public static LoginOutcome Success(TokenPair tokens) => new(LoginResult.Success, tokens, null);

    public static LoginOutcome InvalidCredentials() => new(LoginResult.InvalidCredentials, null, null);

    public static LoginOutcome LockedOut(TimeSpan retryAfter) => new(LoginResult.LockedOut, null, retryAfter);

    public static LoginOutcome Disabled() => new(LoginResult.Disabled, null, null);
}
