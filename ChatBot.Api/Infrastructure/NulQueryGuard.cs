using Microsoft.AspNetCore.Mvc;

namespace ChatBot.Api.Infrastructure;

/// <summary>
/// Answers a query string or path holding U+0000 with a 400 naming the parameter, before any endpoint turns it into a
/// database query (PostgreSQL text cannot hold it). JSON bodies are guarded by <see cref="NulRejectingStringConverter"/>.
/// </summary>
public sealed class NulQueryGuard(RequestDelegate next, IProblemDetailsService problemDetails)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (Offending(context.Request) is not { } field)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [NulRejectingStringConverter.Message] })
            {
                Status = StatusCodes.Status400BadRequest,
            },
        });
    }

    private static string? Offending(HttpRequest request)
    {
        if (request.Path.Value?.Contains('\0', StringComparison.Ordinal) == true)
        {
            return "path";
        }

        // Cheap test first: only a query that holds an encoded NUL is parsed for the name.
        if (request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) != true)
        {
            return null;
        }

        return request.Query.FirstOrDefault(q => q.Key.Contains('\0', StringComparison.Ordinal) || q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            .Key?.Replace("\0", "", StringComparison.Ordinal) ?? "query";
    }
}
