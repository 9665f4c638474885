using Microsoft.Net.Http.Headers;

namespace ChatBot.Api.Infrastructure;

/// <summary>
/// Errors are Problem Details JSON whatever the client's <c>Accept</c> asks for: a request accepting only, say, XML or
/// an event stream gets <c>application/problem+json</c> added at the lowest preference, so the framework's writer never
/// falls back to a bare text error (or fails to write one at all).
/// </summary>
public sealed class ProblemJsonAccept(RequestDelegate next)
{
    private const string ProblemJson = "application/problem+json;q=0.01";

    public Task InvokeAsync(HttpContext context)
    {
        var accept = context.Request.Headers.Accept;
        if (accept.Count > 0 && !AllowsJson(context.Request.GetTypedHeaders().Accept))
        {
            context.Request.Headers.Accept = $"{accept}, {ProblemJson}";
        }

        return next(context);
    }

    private static bool AllowsJson(IList<MediaTypeHeaderValue> accepted) =>
        accepted.Any(a => a.Quality is not 0 && (a.MatchesAllTypes || a.MediaType.Value?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
                                                 || (a.MatchesAllSubTypes && a.Type.Equals("application", StringComparison.OrdinalIgnoreCase))));
}
