using System.Net.Http.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;
using ChatBot.Core.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Api.Tests.Knowledge;

[Collection(KnowledgeCollection.Name)]
public sealed class ReembeddingTests(KnowledgeFixture fixture)
{
    [Fact]
    public async Task Faqs_embedded_by_another_model_are_embedded_again_with_the_configured_one()
    {
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var created = await (await moderator.PostAsJsonAsync("/api/v1/faqs", new { question = "Can I change my delivery address?", answer = "Yes, until dispatch." })).ReadJsonAsync();
        var id = created.GetProperty("id").GetInt32();
        await fixture.Api.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE faqs SET embedding_model = 'openai:text-embedding-3-small' WHERE id = {0}; UPDATE faq_variants SET embedding_model = 'openai:text-embedding-3-small', embedding = array_fill(0.01, ARRAY[384])::vector WHERE faq_id = {0}", id));

        int reembedded;
        await using (var scope = fixture.Api.Services.CreateAsyncScope())
        {
            reembedded = await scope.ServiceProvider.GetRequiredService<FaqReembedder>().RunAsync(CancellationToken.None);
        }

        var faq = await fixture.Api.WithDbAsync(db => db.Faqs.AsNoTracking().SingleAsync(f => f.Id == id));
        var variant = await fixture.Api.WithDbAsync(db => db.FaqVariants.AsNoTracking().SingleAsync(v => v.FaqId == id));
        Assert.True(reembedded >= 1);
        Assert.Equal("local:all-minilm-l6-v2", faq.EmbeddingModel);
        Assert.Equal("local:all-minilm-l6-v2", variant.EmbeddingModel);
        Assert.NotEqual(0.01f, variant.Embedding.ToArray()[0]);
    }
}
