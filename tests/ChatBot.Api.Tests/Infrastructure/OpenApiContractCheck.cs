using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>
/// The OpenAPI contract, checked on every answer of every test: an <c>/api</c> operation's status, and its body's media
/// type, must be ones the Api's own document declares for it, or a client generated from the document would not know
/// them. A breach turns the answer into a 500 with <see cref="Header"/> saying why, so the test that met it fails on
/// its status (and the fuzz test, which allows no 5xx, lists it).
/// </summary>
public sealed partial class OpenApiContractCheck : IStartupFilter
{
    public const string Header = "X-OpenApi-Contract-Violation";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var provider = app.ApplicationServices.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1");
        Task<OpenApiDocument>? document = null;
        app.Use(async (context, nextMiddleware) =>
        {
            context.Response.OnStarting(async () =>
            {
                // Built once; built again if building failed, rather than failing every later answer.
                if (document is null || document.IsFaulted)
                {
                    document = provider.GetOpenApiDocumentAsync();
                }

                if (Violation(context, await document) is { } violation)
                {
                    context.Response.Headers[Header] = violation;
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                }
            });
            await nextMiddleware(context);
        });
        next(app);
    };

    private static string? Violation(HttpContext context, OpenApiDocument document)
    {
        var status = context.Response.StatusCode;
        // The exception handler clears the endpoint before writing its answer (400, 413, 415, 503); it keeps it here.
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        if (endpoint is not RouteEndpoint route || !context.Request.Path.StartsWithSegments("/api")
            || status is StatusCodes.Status101SwitchingProtocols or StatusCodes.Status405MethodNotAllowed)
        {
            return null;
        }

        var template = "/" + Constraint().Replace(route.RoutePattern.RawText ?? "", "{$1}").TrimStart('/');
        if (document.Paths is not { } paths || !paths.TryGetValue(template, out var path) || path.Operations is null)
        {
            return null;
        }

        var operation = path.Operations.FirstOrDefault(o => string.Equals(o.Key.ToString(), context.Request.Method, StringComparison.OrdinalIgnoreCase)).Value;
        if (operation?.Responses is not { } responses)
        {
            return null;
        }

        var key = status.ToString(CultureInfo.InvariantCulture);
        if (!responses.TryGetValue(key, out var response) && !responses.TryGetValue("default", out response))
        {
            return $"{context.Request.Method} {template} answered {key}, which the OpenAPI document does not declare";
        }

        var mediaType = context.Response.ContentType?.Split(';')[0].Trim();
        return mediaType is { Length: > 0 } && response.Content is { Count: > 0 } content && !content.ContainsKey(mediaType)
            ? $"{context.Request.Method} {template} answered {key} as {mediaType}; declared: {string.Join(", ", content.Keys)}"
            : null;
    }

    /// <summary>A route parameter with a constraint or default (<c>{id:guid}</c>), written in the document as <c>{id}</c>.</summary>
    [GeneratedRegex(@"\{([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Constraint();
}
