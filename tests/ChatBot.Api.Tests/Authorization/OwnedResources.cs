using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;

namespace ChatBot.Api.Tests.Authorization;

/// <summary>One call on a resource; <c>{id}</c> in the path is replaced by the resource's id.</summary>
public sealed record ResourceCall(HttpMethod Method, string Path, object? Body = null)
{
    public HttpRequestMessage ToRequest(string id)
    {
        var request = new HttpRequestMessage(Method, Path.Replace("{id}", id, StringComparison.Ordinal));
        if (Body is not null)
        {
            // "{id}" inside a body stands for the resource's id too.
            var json = JsonSerializer.Serialize(Body).Replace("\"{id}\"", $"\"{id}\"", StringComparison.Ordinal);
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }
}

/// <summary>A kind of resource that belongs to one user, how its owner makes one, and every call that takes its id.</summary>
public sealed record OwnedResource(string Name, Func<ApiFixture, TestUser, Task<string>> CreateAsync, IReadOnlyList<ResourceCall> Calls);

/// <summary>
/// The table the ownership test walks. Every feature that adds an endpoint taking the id of something a user owns adds
/// a row here, so "another user's id gets 404" is checked for it without writing a new test.
/// </summary>
public static class OwnedResources
{
    public static readonly IReadOnlyList<OwnedResource> All =
    [
        new("session", CreateSessionAsync, [new ResourceCall(HttpMethod.Delete, "/api/v1/users/me/sessions/{id}")]),
        new("conversation", CreateConversationAsync,
        [
            new ResourceCall(HttpMethod.Get, "/api/v1/conversations/{id}"),
            new ResourceCall(HttpMethod.Put, "/api/v1/conversations/{id}", new { title = "mine" }),
            new ResourceCall(HttpMethod.Post, "/api/v1/conversations/{id}/handoff", new { reason = "help" }),
            new ResourceCall(HttpMethod.Post, "/api/v1/chat/send", new { message = "hello", conversation_id = "{id}" }),
            new ResourceCall(HttpMethod.Delete, "/api/v1/conversations/{id}"),
        ]),
        new("message", CreateAnswerAsync,
        [
            new ResourceCall(HttpMethod.Post, "/api/v1/messages/{id}/feedback", new { rating = "up" }),
            new ResourceCall(HttpMethod.Get, "/api/v1/chat/messages/{id}/stream"),
        ]),
    ];

    public static TheoryData<string> Names => [.. All.Select(r => r.Name)];

    private static async Task<string> CreateConversationAsync(ApiFixture fixture, TestUser owner) =>
        (await SendAsync(fixture, owner)).GetProperty("conversation_id").GetString()!;

    private static async Task<string> CreateAnswerAsync(ApiFixture fixture, TestUser owner) =>
        (await SendAsync(fixture, owner)).GetProperty("message_id").GetString()!;

    private static async Task<JsonElement> SendAsync(ApiFixture fixture, TestUser owner)
    {
        using var client = fixture.Api.CreateClient(owner);
        using var response = await client.PostAsJsonAsync("/api/v1/chat/send", new { message = "when are you open?" });
        return await response.ReadJsonAsync();
    }

    /// <summary>Signs the owner in on a second device and returns that session's id.</summary>
    private static async Task<string> CreateSessionAsync(ApiFixture fixture, TestUser owner)
    {
        await fixture.Api.CreateClient().LoginAsync(owner with { });
        using var client = fixture.Api.CreateClient(owner);
        var sessions = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/users/me/sessions");
        return sessions!.First(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetString()!;
    }
}
