using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ChatBot.Api.Infrastructure;

/// <summary>
/// Answers request-shape failures (malformed JSON, unreadable parameters, a body over the size limit) with a
/// Problem Details response carrying the status Kestrel/minimal APIs chose (400, 413, 415, ...), never a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        if (badRequest.InnerException is System.Text.Json.JsonException { Message: NulRejectingStringConverter.Message, Path: { } path })
        {
            // A refused value, not broken JSON: name the field like any other validation error.
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new ValidationProblemDetails(new Dictionary<string, string[]>
                {
                    [path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path] = [NulRejectingStringConverter.Message],
                })
                {
                    Status = StatusCodes.Status400BadRequest,
                },
            });
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Title = badRequest.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "Request body too large",
                    StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
                    _ => "Malformed request",
                },
                // The framework's message names the parameter and the problem without echoing the body.
                Detail = badRequest.InnerException is System.Text.Json.JsonException json
                    ? $"The request body is not valid JSON: {json.Message}"
                    : badRequest.Message,
            },
        });
    }
}
