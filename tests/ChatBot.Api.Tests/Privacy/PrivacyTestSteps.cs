using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;

namespace ChatBot.Api.Tests.Privacy;

/// <summary>What a user does that leaves data behind, spoken through the real API.</summary>
public static class PrivacyTestSteps
{
    /// <summary>A chat turn; returns (conversation id, assistant message id).</summary>
    public static async Task<(Guid Conversation, Guid Message)> ChatAsync(HttpClient client, string message, Guid? conversationId = null)
    {
        using var response = await client.PostAsync("/api/v1/chat/send", ChatFixture.Message(message, conversationId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        return (body.GetProperty("conversation_id").GetGuid(), body.GetProperty("message_id").GetGuid());
    }

    /// <summary>Asks for an export and waits until the Worker has written it; returns its status document.</summary>
    public static async Task<JsonElement> ExportAsync(HttpClient client)
    {
        using var requested = await client.PostAsync("/api/v1/users/me/export", null);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var location = requested.Headers.Location!.ToString();
        var status = default(JsonElement);
        await Eventually.TrueAsync(async () =>
        {
            status = await client.GetFromJsonAsync<JsonElement>(location);
            return status.GetProperty("status").GetString() == "ready";
        }, "the export to be ready", TimeSpan.FromSeconds(60));
        return status;
    }

    /// <summary>Everything a user can leave: consent history, conversations with feedback, a handoff, a blocked message, an export, a queued mail.</summary>
    public static async Task<(Guid Conversation, Guid Message)> LeaveTracesAsync(HttpClient client, HttpClient anonymous, TestUser user)
    {
        using var consent = await client.PutAsJsonAsync("/api/v1/users/me/consent",
            new { gdpr_consent = true, data_processing_consent = true, marketing_consent = true });
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        var (conversation, message) = await ChatAsync(client, $"I am {user.Username}. How do I reset my password?");
        using var feedback = await client.PostAsJsonAsync($"/api/v1/messages/{message}/feedback", new { rating = "up", comment = $"thanks from {user.Email}" });
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
        using var handoff = await client.PostAsJsonAsync($"/api/v1/conversations/{conversation}/handoff", new { reason = "want a person" });
        Assert.Equal(HttpStatusCode.Accepted, handoff.StatusCode);
        using var blocked = await client.PostAsync("/api/v1/chat/send", ChatFixture.Message("you should kill yourself", conversation));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blocked.StatusCode);
        await ExportAsync(client);
        using var forgot = await anonymous.PostAsJsonAsync("/api/v1/auth/forgot-password", new { email = user.Email });
        Assert.Equal(HttpStatusCode.Accepted, forgot.StatusCode);
        return (conversation, message);
    }
}
