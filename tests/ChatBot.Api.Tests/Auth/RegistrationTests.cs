using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Tests.Auth;

[Collection(ApiCollection.Name)]
public sealed class RegistrationTests(ApiFixture fixture)
{
    [Fact]
    public async Task Register_with_the_seed_example_shape_returns_the_public_user_and_no_secrets()
    {
        using var client = fixture.Api.CreateClient();
        var username = ApiClientExtensions.UniqueName("testuser");

        using var response = await client.PostAsJsonAsync("/api/v1/auth/register",
            new { email = $"{username}@Example.com", username, password = "secure123" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(raw).RootElement;
        Assert.Equal($"{username}@example.com", body.GetProperty("email").GetString());
        Assert.Equal(username, body.GetProperty("username").GetString());
        Assert.Equal("user", body.GetProperty("role").GetString());
        Assert.True(body.GetProperty("is_active").GetBoolean());
        Assert.DoesNotContain("secure123", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("password", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("stamp", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Duplicate_email_in_another_case_or_duplicate_username_is_a_409()
    {
        using var client = fixture.Api.CreateClient();
        var existing = await client.RegisterAsync();

        using var sameEmail = await client.PostAsJsonAsync("/api/v1/auth/register",
            new { email = existing.Email.ToUpperInvariant(), username = ApiClientExtensions.UniqueName(), password = "secure123" });
        using var sameName = await client.PostAsJsonAsync("/api/v1/auth/register",
            new { email = $"{ApiClientExtensions.UniqueName()}@example.com", username = existing.Username, password = "secure123" });

        Assert.Equal(HttpStatusCode.Conflict, sameEmail.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, sameName.StatusCode);
        Assert.Equal("application/problem+json", sameEmail.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("not-an-email", "validname", "secure123", "email")]
    [InlineData("ok@example.com", "x", "secure123", "username")]
    [InlineData("ok@example.com", "bad name!", "secure123", "username")]
    [InlineData("ok@example.com", "validname", "short", "password")]
    [InlineData("ok@example.com", "validname", "password123", "password")]
    [InlineData("ok@example.com", "validname", "qwertyuiop", "password")]
    public async Task Invalid_field_gets_a_validation_problem_naming_it(string email, string username, string password, string field)
    {
        using var client = fixture.Api.CreateClient();
        var unique = ApiClientExtensions.UniqueName();
        email = email.Replace("ok@", $"{unique}@", StringComparison.Ordinal);
        username = username == "validname" ? unique : username;

        using var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, username, password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
        Assert.False(await fixture.Api.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == username)));
    }

    [Fact]
    public async Task Password_equal_to_the_username_is_rejected()
    {
        using var client = fixture.Api.CreateClient();
        var username = ApiClientExtensions.UniqueName();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/register",
            new { email = $"{username}@example.com", username, password = username });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadJsonAsync()).GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Malformed_json_body_is_a_400_problem_not_a_500()
    {
        using var client = fixture.Api.CreateClient();
        using var content = new StringContent("{\"email\": \"a@b.c\", \"username\": ", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/v1/auth/register", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_over_the_size_limit_is_a_413_problem()
    {
        using var client = fixture.Api.CreateClient();
        var huge = new string('a', 2 * 1024 * 1024);
        // With its length declared and "Expect: 100-continue", the client waits for the verdict before sending 2 MB,
        // as careful clients do; a streamed body could still be on its way when the server answers and closes.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/register")
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new { email = "a@b.c", username = "abc", password = huge })),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Registration_records_consents_and_an_audit_row_without_the_password()
    {
        using var client = fixture.Api.CreateClient();
        var username = ApiClientExtensions.UniqueName();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/register", new
        {
            email = $"{username}@example.com",
            username,
            password = "secure123",
            language = "pt-BR",
            gdpr_consent = true,
            data_processing_consent = true,
            marketing_consent = false,
        });

        var user = await response.ReadJsonAsync();
        var id = user.GetProperty("id").GetGuid();
        Assert.Equal("pt-BR", user.GetProperty("preferred_language").GetString());
        var consents = await fixture.Api.WithDbAsync(db => db.ConsentRecords.Where(c => c.UserId == id).ToListAsync());
        Assert.Equal(3, consents.Count);
        Assert.True(consents.Single(c => c.ConsentType == "gdpr").Granted);
        Assert.False(consents.Single(c => c.ConsentType == "marketing").Granted);
        var audit = await fixture.Api.WithDbAsync(db => db.AuditLogs.Where(a => a.UserId == id).ToListAsync());
        var row = Assert.Single(audit, a => a.Action == "auth.register");
        Assert.Equal("success", row.Outcome);
        Assert.DoesNotContain("secure123", row.Details ?? "", StringComparison.Ordinal);
    }
}
