using System.Net.Http.Json;
using ChatBot.Web.Api;
using ChatBot.Web.Api.Contracts;
using ChatBot.Web.Auth;
using ChatBot.Web.Components.Chat;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Web.Tests.Chat;

/// <summary>
/// The web app's answer stream against the real Api of the running app, through the web app's own client stack
/// (service registrations, token store in Redis, resilience), with the network cut mid-answer.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class AnswerStreamTests(WebAppFixture fixture)
{
    [Fact]
    public async Task A_stream_cut_mid_answer_resumes_after_the_last_event_and_delivers_every_event_once()
    {
        var (host, principal) = await WebServicesAsync(cutAfterBytes: 700);
        using var _ = host;
        await using var scope = host.Services.CreateAsyncScope();
        // What the session cookie gives a page: a principal naming the server-side session.
        ((ServerAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        var answers = scope.ServiceProvider.GetRequiredService<AnswerStream>();

        var updates = new List<AnswerUpdate>();
        await foreach (var update in answers.SendAsync(WebAppFixture.LongQuestion, null, "en", CancellationToken.None))
        {
            updates.Add(update);
        }

        var resumed = Assert.Single(updates.OfType<AnswerUpdate.Resuming>());
        var events = updates.OfType<AnswerUpdate.Received>().Select(r => r.Event).ToList();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.True(resumed.AfterSeq > 1 && resumed.AfterSeq < events.Count, $"cut after event {resumed.AfterSeq} of {events.Count}");
        Assert.Equal("complete", events[^1].Status);
        var text = string.Concat(events.Where(e => e.Type == "delta").Select(e => e.Text));
        var api = scope.ServiceProvider.GetRequiredService<ApiClient>();
        var stored = await api.GetAsync<ConversationDetail>($"/api/v1/conversations/{events[0].ConversationId}");
        Assert.Equal(stored.Value!.Messages.Items[^1].Content, text);
        Assert.Contains("step120", text, StringComparison.Ordinal);
    }

    /// <summary>The web app's services signed in as a new user, with the first answer stream cut after some bytes.</summary>
    private async Task<(IHost Host, System.Security.Claims.ClaimsPrincipal Principal)> WebServicesAsync(int cutAfterBytes)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = await fixture.App.GetConnectionStringAsync("cache"),
            ["Api:BaseAddress"] = fixture.App.GetEndpoint("api", "http").ToString(),
        });
        builder.AddChatBotApi();
        builder.AddChatBotWebAuth();
        builder.Services.AddScoped<AnswerStream>();
        var cut = new CutFirstEventStream(cutAfterBytes);
        builder.Services.AddHttpClient(ApiClient.HttpClientName).AddHttpMessageHandler(() => cut);
        var host = builder.Build();

        using var anonymous = fixture.App.CreateHttpClient("api");
        var name = $"stream{Guid.NewGuid():N}"[..16];
        (await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { email = $"{name}@example.com", username = name, password = "secure-pass-123" })).EnsureSuccessStatusCode();
        using var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = $"{name}@example.com", password = "secure-pass-123" });
        var pair = (await login.Content.ReadFromJsonAsync<TokenPair>(ApiJson.Options))!;
        var tokens = AccessTokens.Create(pair, DateTimeOffset.UtcNow);
        var session = Guid.NewGuid().ToString("N");
        await host.Services.GetRequiredService<TokenStore>().SaveAsync(session, tokens, CancellationToken.None);
        return (host, WebClaims.Create(session, tokens.Claims));
    }
}
