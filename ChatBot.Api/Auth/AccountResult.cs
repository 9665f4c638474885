namespace ChatBot.Api.Auth;

public enum AccountResultKind
{
    Ok,
    Invalid,
    Conflict,
    NotFound,
    Locked,
}

/// <summary>
/// Outcome of an account operation: a value, field errors (400), a conflict (409), not found (404) or a locked account (423).
/// </summary>
public sealed record AccountResult<T>(AccountResultKind Kind, T? Value, IDictionary<string, string[]>? Errors, string? Detail)
{
    public static AccountResult<T> Ok(T value) => new(AccountResultKind.Ok, value, null, null);

    public static AccountResult<T> Invalid(IDictionary<string, string[]> errors) => new(AccountResultKind.Invalid, default, errors, null);

    public static AccountResult<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static AccountResult<T> Conflict(string detail) => new(AccountResultKind.Conflict, default, null, detail);

    public static AccountResult<T> NotFound() => new(AccountResultKind.NotFound, default, null, null);

    public static AccountResult<T> Locked(string detail) => new(AccountResultKind.Locked, default, null, detail);
}
