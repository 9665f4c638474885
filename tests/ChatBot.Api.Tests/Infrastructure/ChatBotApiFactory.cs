using ChatBot.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>The real Api (Program.cs) in memory, pointed at the fixture's real PostgreSQL and Redis.</summary>
public sealed class ChatBotApiFactory(
    string databaseConnectionString,
    string redisConnectionString,
    IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting($"ConnectionStrings:{ConnectionNames.Database}", databaseConnectionString);
        builder.UseSetting($"ConnectionStrings:{ConnectionNames.Cache}", redisConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}
