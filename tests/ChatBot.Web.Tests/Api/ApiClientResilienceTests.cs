using System.Collections.Concurrent;
using System.Net;
using ChatBot.Web.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;

namespace ChatBot.Web.Tests.Api;

/// <summary>
/// The web app's HttpClient for the Api (its resilience pipeline as registered by <c>AddChatBotApi</c>) against a real
/// Kestrel server that answers 503 or 429 and counts what arrives.
/// </summary>
public sealed class ApiClientResilienceTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _arrived = new();
    private WebApplication _server = null!;
    private IHost _web = null!;

    public async Task InitializeAsync()
    {
        var server = WebApplication.CreateSlimBuilder();
        server.WebHost.UseUrls("http://127.0.0.1:0");
        _server = server.Build();
        _server.Map("/{name}", (string name, HttpContext context) =>
        {
            _arrived.AddOrUpdate($"{context.Request.Method} {name}", 1, (_, n) => n + 1);
            return name switch
            {
                "down" => Results.StatusCode(StatusCodes.Status503ServiceUnavailable),
                "limited" => Results.StatusCode(StatusCodes.Status429TooManyRequests),
                _ => Results.Ok(),
            };
        });
        await _server.StartAsync();
        var address = _server.Urls.First();

        var web = Host.CreateApplicationBuilder();
        web.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Api:BaseAddress"] = address });
        web.AddChatBotApi();
        // The production delays (seconds, growing) only slow the test; what is retried is what matters.
        web.Services.Configure<HttpStandardResilienceOptions>($"{ApiClient.HttpClientName}-standard", o => o.Retry.Delay = TimeSpan.Zero);
        _web = web.Build();
    }

    public async Task DisposeAsync()
    {
        _web.Dispose();
        await _server.DisposeAsync();
    }

    private HttpClient Client => _web.Services.GetRequiredService<IHttpClientFactory>().CreateClient(ApiClient.HttpClientName);

    [Fact]
    public async Task A_POST_to_an_Api_that_is_down_is_sent_once_while_a_GET_is_retried()
    {
        using var post = await Client.PostAsync("/down", new StringContent("{}"));
        using var get = await Client.GetAsync("/down");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.Equal(1, _arrived["POST down"]);
        Assert.True(_arrived["GET down"] > 1, $"GET arrived {_arrived["GET down"]} time(s)");
    }

    [Fact]
    public async Task Rate_limited_answers_do_not_open_the_circuit_for_everyone_else()
    {
        // More than the breaker's minimum throughput, all 429: one busy user being limited.
        for (var i = 0; i < 150; i++)
        {
            using var limited = await Client.GetAsync("/limited");
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        using var ok = await Client.GetAsync("/fine");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(150, _arrived["GET limited"]);
    }
}
