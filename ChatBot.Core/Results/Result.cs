namespace ChatBot.Core.Results;

public enum ResultKind
{
    Ok,
    Invalid,
    Conflict,
    NotFound,
    Locked,
}

/// <summary>
/// Outcome of an operation a caller may get wrong: a value, field errors, a conflict, something missing, or a locked
/// account. The Api turns each kind into one status with Problem Details (<c>ProblemResults.OkOrProblem</c>).
/// </summary>
public sealed record Result<T>(ResultKind Kind, T? Value, IDictionary<string, string[]>? Errors = null, string? Detail = null)
{
    public static Result<T> Ok(T value) => new(ResultKind.Ok, value);

    public static Result<T> Invalid(IDictionary<string, string[]> errors) => new(ResultKind.Invalid, default, errors);

    public static Result<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static Result<T> Conflict(string detail) => new(ResultKind.Conflict, default, null, detail);

    public static Result<T> NotFound() => new(ResultKind.NotFound, default);

    public static Result<T> Locked(string detail) => new(ResultKind.Locked, default, null, detail);
}
