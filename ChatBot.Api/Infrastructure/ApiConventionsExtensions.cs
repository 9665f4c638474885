using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

namespace ChatBot.Api.Infrastructure;

public static class ApiConventionsExtensions
{
    /// <summary>JSON in snake_case (the seed's contract), Problem Details for every error, OpenAPI.</summary>
    public static WebApplicationBuilder AddApiConventions(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(options => ConfigureJson(options.SerializerOptions));
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions.TryAdd("trace_id", context.HttpContext.TraceIdentifier);
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<DependencyFailureExceptionHandler>();
        // Binding failures (malformed JSON, wrong types) throw so BadRequestExceptionHandler can explain them.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddValidation();
        builder.Services.AddApiDocs();
        return builder;
    }

    /// <summary>The API's JSON settings, for code that serialises outside the HTTP pipeline (SSE, WebSocket, Redis).</summary>
    public static JsonSerializerOptions Json { get; } = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions();
        ConfigureJson(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new NulRejectingStringConverter());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // API JSON is never inlined into HTML, so ' and > need no \u escapes (answers stay readable in raw streams).
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    }

    public static WebApplication UseApiConventions(this WebApplication app)
    {
        app.UseMiddleware<ProblemJsonAccept>();
        app.UseExceptionHandler();
        app.UseMiddleware<NulQueryGuard>();
        app.UseMiddleware<UnknownCharsetGuard>();
        // Turns bodiless error statuses (404 for an unknown route, 405, ...) into Problem Details.
        app.UseStatusCodePages();
        return app;
    }
}
