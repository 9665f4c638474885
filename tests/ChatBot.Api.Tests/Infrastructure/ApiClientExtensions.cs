using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>Test steps spoken through the real HTTP API, as a client would.</summary>
public static class ApiClientExtensions
{
    public static string UniqueName(string prefix = "user") => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 20)];

    public static async Task<TestUser> RegisterAsync(this HttpClient client, string password = "secure123")
    {
        var username = UniqueName();
        var email = $"{username}@example.com";
        using var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, username, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new TestUser(body.GetProperty("id").GetGuid(), email, username, password);
    }

    public static async Task<HttpResponseMessage> LoginRawAsync(this HttpClient client, string login, string password) =>
        await client.PostAsJsonAsync("/api/v1/auth/login", new { email = login, password });

    public static async Task<TestUser> LoginAsync(this HttpClient client, TestUser user)
    {
        using var response = await client.LoginRawAsync(user.Email, user.Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>();
        user.AccessToken = tokens.GetProperty("access_token").GetString()!;
        user.RefreshToken = tokens.GetProperty("refresh_token").GetString()!;
        return user;
    }

    /// <summary>Registers and signs in a new account, with the given role set directly in the database.</summary>
    public static async Task<TestUser> CreateSignedInUserAsync(this WebApplicationFactory<Program> api, string role = Roles.User)
    {
        using var client = api.CreateClient();
        var user = await client.RegisterAsync();
        if (role != Roles.User)
        {
            await using var scope = api.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var account = await users.FindByIdAsync(user.Id.ToString());
            await users.RemoveFromRoleAsync(account!, Roles.User);
            await users.AddToRoleAsync(account!, role);
        }

        return await client.LoginAsync(user);
    }

    public static HttpClient CreateClient(this WebApplicationFactory<Program> api, TestUser user) =>
        api.CreateClient(user.AccessToken);

    public static HttpClient CreateClient(this WebApplicationFactory<Program> api, string accessToken)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public static async Task<T> WithDbAsync<T>(this WebApplicationFactory<Program> api, Func<ChatBotDbContext, Task<T>> query)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ChatBotDbContext>());
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
