using ChatBot.Core.Data;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Results;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Worker.Knowledge;

/// <summary>
/// Loads a small demo knowledge base (shop-style account, billing, shipping and returns FAQs) when the knowledge base is
/// empty and <c>DemoData:SeedKnowledgeBase</c> is on (the AppHost turns it on in development), so a fresh checkout can
/// chat at once. Never touches a knowledge base that already has FAQs.
/// </summary>
internal sealed class DemoKnowledgeBaseSeeder(IServiceScopeFactory scopes, ILogger<DemoKnowledgeBaseSeeder> logger) : BackgroundService
{
    private static readonly string DemoFile = Path.Combine(AppContext.BaseDirectory, "Knowledge", "demo-faqs.json");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatBotDbContext>();
        if (await db.Faqs.AnyAsync(stoppingToken))
        {
            return;
        }

        await using var file = File.OpenRead(DemoFile);
        var result = await scope.ServiceProvider.GetRequiredService<FaqImporter>()
            .ImportAllAsync(FaqImportParser.ParseJson(file), actorId: null, stoppingToken);
        if (result.Kind == ResultKind.Ok)
        {
            logger.LogInformation("Seeded the demo knowledge base with {Count} FAQs", result.Value!.Created);
        }
        else
        {
            logger.LogWarning("Demo knowledge base not seeded: {Kind} {Detail}", result.Kind, result.Detail);
        }
    }
}
