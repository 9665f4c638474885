using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace ChatBot.Api.Infrastructure;

/// <summary>
/// A body declared in a character set .NET does not know (<c>Content-Type: application/json; charset=bogus</c>)
/// cannot be read: answer 415 naming it, before JSON binding fails on it with a 500.
/// </summary>
public sealed class UnknownCharsetGuard(RequestDelegate next, IProblemDetailsService problemDetails)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType) || contentType.Charset is not { Length: > 0 } charset
            || IsKnown(charset.Value!))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "Unsupported media type",
                Detail = $"The character set '{charset}' is not supported; send UTF-8.",
            },
        });
    }

    private static bool IsKnown(string charset)
    {
        try
        {
            _ = Encoding.GetEncoding(charset.Trim('"'));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
