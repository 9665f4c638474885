using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;
using ChatBot.Core.Knowledge;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Api.Tests.Knowledge;

[Collection(KnowledgeCollection.Name)]
public sealed class AnswerModelRefreshTests(KnowledgeFixture fixture)
{
    [Fact]
    public async Task A_replica_keeps_answering_with_its_model_while_a_newer_one_trains_in_the_background()
    {
        await fixture.ResetKnowledgeAsync();
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        await KnowledgeTestData.ImportAsync(moderator, KnowledgeTestData.SupportFaqs);
        var models = fixture.Api.Services.GetRequiredService<AnswerModelProvider>();
        var trained = await models.GetAsync(CancellationToken.None);

        // Another replica changed the knowledge base and has not stored a model for the new version yet.
        await fixture.Api.Services.GetRequiredService<KnowledgeVersion>().BumpAsync();
        var meanwhile = await models.GetAsync(CancellationToken.None);

        Assert.Same(trained, meanwhile);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var latest = meanwhile;
        while (ReferenceEquals(latest, trained) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            latest = await models.GetAsync(CancellationToken.None);
        }

        Assert.NotSame(trained, latest);
    }
}
