using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace ChatBot.Web.Api;

public static class ApiClientExtensions
{
    /// <summary>
    /// The Api over service discovery (<c>https+http://api</c>). Only safe methods are retried, and never after a 429:
    /// a chat message must not be sent twice, and a rate limit is for the user to see, not to hammer.
    /// </summary>
    public static IHostApplicationBuilder AddChatBotApi(this IHostApplicationBuilder builder)
    {
        var baseAddress = builder.Configuration["Api:BaseAddress"] ?? "https+http://api";
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is the documented way to replace the service defaults' handler.
        builder.Services.AddHttpClient(ApiClient.HttpClientName, client => client.BaseAddress = new Uri(baseAddress))
            .RemoveAllResilienceHandlers()
#pragma warning restore EXTEXP0001
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.Retry.ShouldHandle = args => ValueTask.FromResult(IsApiDown(args.Outcome));
                // After ShouldHandle: it wraps the predicate it finds, so set the other way round POSTs would be retried.
                resilience.Retry.DisableForUnsafeHttpMethods();
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(65);
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(61);
                // Every user shares this client: one user's 429s or 4xx must not cut the Api off for everyone.
                resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsApiDown(args.Outcome));
            });
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<ApiClient>();
        builder.Services.AddScoped<ApiStatus>();
        return builder;
    }

    /// <summary>No answer, or a gateway saying the Api is not there: worth a retry of a safe call, and a breaker count.</summary>
    private static bool IsApiDown(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout or HttpStatusCode.ServiceUnavailable } => true,
        _ => false,
    };
}
