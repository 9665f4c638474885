using System.Net.Http.Json;
using System.Text.Json;

namespace ChatBot.Web.Api;

/// <summary>Turns an error response into an <see cref="ApiError"/>, reading RFC 7807 Problem Details when present.</summary>
public static class ApiProblemReader
{
    public static async Task<ApiError> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var retryAfter = response.Headers.RetryAfter?.Delta
                         ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        ProblemBody? problem = null;
        try
        {
            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                problem = await response.Content.ReadFromJsonAsync<ProblemBody>(ApiJson.Options, cancellationToken);
            }
        }
        catch (JsonException)
        {
            // A gateway's HTML or a truncated body: the status says enough.
        }

        var category = problem?.Category ?? problem?.Categories?.FirstOrDefault();
        return new ApiError(status, problem?.Title, problem?.Detail, problem?.Errors, retryAfter, category);
    }

    /// <summary>The Problem Details members the Api sends (plus its moderation category extension).</summary>
    private sealed record ProblemBody(
        string? Title,
        string? Detail,
        Dictionary<string, string[]>? Errors,
        string? Category,
        string[]? Categories);
}
