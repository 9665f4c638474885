using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Api.Tests.Knowledge;
using ChatBot.Core.Identity;

namespace ChatBot.Api.Tests.Analytics;

/// <summary>Servers of their own, with the support FAQs, so the analytics tests know every row their figures count.</summary>
public sealed class AnalyticsFixture : ApiFixture
{
    public Dictionary<string, int> FaqIds { get; private set; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var admin = Api.CreateClient(await Api.CreateSignedInUserAsync(Roles.Admin));
        (_, FaqIds) = await KnowledgeTestData.ImportAsync(admin, KnowledgeTestData.SupportFaqs);
    }
}

[CollectionDefinition(Name)]
public sealed class AnalyticsCollection : ICollectionFixture<AnalyticsFixture>
{
    public const string Name = "analytics";
}
