using System.Diagnostics;
using System.Net;
using ChatBot.Api.Tests.Infrastructure;

namespace ChatBot.Api.Tests.Observability;

/// <summary>A hung PostgreSQL or Redis gets a fast 503 with Retry-After, and the service recovers by itself.</summary>
[Collection(ApiCollection.Name)]
public sealed class DependencyFailureTests(ApiFixture fixture)
{
    [Fact]
    public async Task With_redis_hung_signed_in_requests_get_a_fast_503_and_recover()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users/me")).StatusCode);

        var started = Stopwatch.StartNew();
        HttpResponseMessage response;
        using (fixture.Redis.Pause())
        {
            response = await client.GetAsync("/api/v1/users/me");
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            // The 2 s command timeout, checked on the client's one-second heartbeat: 2-3 s (before: 500 after 5-6 s).
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"Answered after {started.Elapsed}");
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        await Eventually.TrueAsync(async () => (await client.GetAsync("/api/v1/users/me")).StatusCode == HttpStatusCode.OK, "recovery after Redis resumes");
    }

    [Fact]
    public async Task With_postgresql_hung_a_database_read_gets_a_503_not_a_hang_and_recovers()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        using var client = fixture.Api.CreateClient(user);
        client.Timeout = TimeSpan.FromSeconds(30);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/conversations")).StatusCode);

        var started = Stopwatch.StartNew();
        HttpResponseMessage response;
        using (fixture.Postgres.Pause())
        {
            response = await client.GetAsync("/api/v1/conversations");
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            // The Api's 2 s command timeout, then Npgsql's cancel request to a server that does not answer (the 2 s
            // connect timeout): about 4 s. Before, it hung past 30 s and ended in a 500.
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"Answered after {started.Elapsed}");
            Assert.NotNull(response.Headers.RetryAfter);
        }

        await Eventually.TrueAsync(async () => (await client.GetAsync("/api/v1/conversations")).StatusCode == HttpStatusCode.OK,
            "recovery after PostgreSQL resumes", TimeSpan.FromSeconds(30));
    }
}
