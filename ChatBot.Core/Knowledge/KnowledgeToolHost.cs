using ChatBot.Core.Ai;
using ChatBot.Core.Caching;
using ChatBot.Core.Data;
using ChatBot.Core.Learning;
using ChatBot.Core.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// The knowledge base outside the API, for tools (the evaluation, the benchmarks): the same data, cache, AI and
/// knowledge services on the given PostgreSQL and Redis, migrated, starting from an empty knowledge base.
/// </summary>
public static class KnowledgeToolHost
{
    public static async Task<IHost> StartAsync(string databaseConnectionString, string redisConnectionString, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ConnectionNames.Database}"] = databaseConnectionString,
            [$"ConnectionStrings:{ConnectionNames.Cache}"] = redisConnectionString,
        });
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("ChatBot", LogLevel.Information)
            // EF logs its probe for the (not yet existing) history table as an error on a fresh database.
            .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
        builder.AddChatBotData();
        builder.AddChatBotCache();
        builder.AddAiProviders();
        builder.AddKnowledgeBase();
        builder.AddContentModeration();
        builder.AddLearning();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);

        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        // A fresh knowledge base: what a tool measures must not depend on FAQs from anything else.
        await scope.ServiceProvider.GetRequiredService<ChatBotDbContext>().Database
            .ExecuteSqlRawAsync("TRUNCATE faq_variants, faqs, faq_categories RESTART IDENTITY CASCADE", cancellationToken);
        return host;
    }
}
