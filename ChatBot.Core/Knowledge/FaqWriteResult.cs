namespace ChatBot.Core.Knowledge;

public enum FaqWriteStatus
{
    Ok,
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>Outcome of a knowledge-base write: the FAQ(s), field errors, a missing FAQ or a clash.</summary>
public sealed record FaqWriteResult<T>(FaqWriteStatus Status, T? Value, IDictionary<string, string[]>? Errors = null, string? Detail = null)
{
    public static FaqWriteResult<T> Ok(T value) => new(FaqWriteStatus.Ok, value);

    public static FaqWriteResult<T> Invalid(IDictionary<string, string[]> errors) => new(FaqWriteStatus.Invalid, default, errors);

    public static FaqWriteResult<T> NotFound() => new(FaqWriteStatus.NotFound, default);

    public static FaqWriteResult<T> Conflict(string detail) => new(FaqWriteStatus.Conflict, default, null, detail);
}
