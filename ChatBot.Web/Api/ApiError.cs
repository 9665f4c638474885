using System.Globalization;

namespace ChatBot.Web.Api;

/// <summary>
/// What went wrong with an Api call, from its Problem Details, and how to say it to a person. The Api's own wording
/// (its <c>detail</c>) is kept where it is already meant for users; statuses get a sentence of their own.
/// </summary>
public sealed record ApiError(
    int Status,
    string? Title,
    string? Detail,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    TimeSpan? RetryAfter = null,
    string? Category = null)
{
    /// <summary>No answer at all (connection refused, timeout) or a gateway saying the Api is down.</summary>
    public static ApiError Unreachable { get; } = new(0, "Unavailable", null);

    /// <summary>The web session has no usable tokens left: sign in again.</summary>
    public static ApiError SessionEnded { get; } = new(401, "Signed out", "Your session has ended. Please sign in again.");

    /// <summary>The person signed this session out themselves (on this page or another one).</summary>
    public static ApiError SignedOut { get; } = new(401, "Signed out", "You are signed out.");

    public bool IsSignedOut => Equals(SignedOut);

    public bool IsUnavailable => Status is 0 or 502 or 503 or 504;

    public bool IsUnauthorized => Status == 401;

    public string Message => Status switch
    {
        0 or 502 or 503 or 504 => "The service cannot be reached right now. Please try again in a moment.",
        401 => Detail ?? "Your session has ended. Please sign in again.",
        403 => Detail ?? "You are not allowed to do that.",
        404 => Detail is { } notFound ? $"{notFound}" : "It is not there any more.",
        413 => Detail ?? "That is too long.",
        422 => $"Your message was not sent: {Detail ?? "it breaks the chat's rules"}" + (Category is null ? "" : $" ({Category})"),
        423 => $"Too many failed sign-ins. Try again {(RetryAfter is null ? "later" : $"in {Duration()}")}, or reset your password.",
        429 => $"Too many requests. Please wait {(RetryAfter is null ? "a moment" : Duration())} and try again.",
        400 when Errors is { Count: > 0 } => string.Join(" ", Errors.SelectMany(e => e.Value)),
        _ when Detail is not null => Detail,
        _ => "Something went wrong. Please try again.",
    };

    private string Duration() => RetryAfter is { TotalSeconds: < 90 } seconds
        ? $"{Math.Max(1, (int)Math.Ceiling(seconds.TotalSeconds)).ToString(CultureInfo.InvariantCulture)} seconds"
        : $"{((int)Math.Ceiling(RetryAfter!.Value.TotalMinutes)).ToString(CultureInfo.InvariantCulture)} minutes";

    /// <summary>The message for one field of a validation problem (snake_case field names, as the Api sends them).</summary>
    public string? For(string field) =>
        Errors?.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}
