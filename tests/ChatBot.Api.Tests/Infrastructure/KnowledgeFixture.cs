using ChatBot.Core.Data;
using ChatBot.Core.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>
/// Servers of their own for knowledge-base tests: each test starts from an empty knowledge base, so rankings and the
/// trained answer model depend only on the FAQs that test imported. Runs in parallel with the "api" collection.
/// </summary>
public sealed class KnowledgeFixture : ApiFixture
{
    public async Task ResetKnowledgeAsync()
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatBotDbContext>();
        await db.Database.ExecuteSqlRawAsync("TRUNCATE faq_variants, faqs, faq_categories RESTART IDENTITY CASCADE");
        await scope.ServiceProvider.GetRequiredService<KnowledgeVersion>().BumpAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class KnowledgeCollection : ICollectionFixture<KnowledgeFixture>
{
    public const string Name = "knowledge";
}
