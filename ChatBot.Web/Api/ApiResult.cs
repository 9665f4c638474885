namespace ChatBot.Web.Api;

/// <summary>An Api call's outcome: a value, or an error to show.</summary>
public readonly record struct ApiResult<T>(T? Value, ApiError? Error)
{
    public bool Ok => Error is null;

    public static implicit operator ApiResult<T>(ApiError error) => new(default, error);
}

/// <summary>An Api call that returns nothing on success.</summary>
public readonly record struct ApiResult(ApiError? Error)
{
    public bool Ok => Error is null;

    public static ApiResult Success { get; } = new((ApiError?)null);

    public static implicit operator ApiResult(ApiError error) => new(error);
}
