using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

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
                resilience.Retry.DisableForUnsafeHttpMethods();
                resilience.Retry.ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException } => true,
                    { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout or HttpStatusCode.ServiceUnavailable } => true,
                    _ => false,
                });
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(65);
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(61);
            });
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<ApiClient>();
        builder.Services.AddScoped<ApiStatus>();
        return builder;
    }
}
