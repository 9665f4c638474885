using System.Net.Http.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;

namespace ChatBot.Api.Tests.Fuzz;

/// <summary>
/// Servers of their own for the fuzz run, so the accounts, FAQs and half-made records it leaves behind touch no other
/// test. The Api's rate limits are raised out of reach (as for every fixture, in <see cref="ApiFixture.CreateApi"/>) so
/// 429s do not hide what the handlers answer. No Worker: queued imports, mail and exports are never processed.
/// </summary>
public sealed class FuzzFixture : ApiFixture
{
    protected override bool StartsWorker => false;

    public TestUser User { get; private set; } = null!;

    public TestUser Admin { get; private set; } = null!;

    /// <summary>Ids of records the callers own or may reach: conversations, answers, accounts, FAQs and categories.</summary>
    public Dictionary<Caller, FuzzTargets> Targets { get; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        User = await Api.CreateSignedInUserAsync();
        Admin = await Api.CreateSignedInUserAsync(Roles.Admin);
        // Someone else's records: the admin may change or erase this account, the user must be refused.
        var victim = await Api.CreateSignedInUserAsync();

        using var admin = Api.CreateClient(Admin);
        using var category = await admin.PostAsJsonAsync("/api/v1/faqs/categories", new { name = "Fuzz shipping" });
        var categoryId = (await category.EnsureSuccessStatusCode().ReadJsonAsync()).GetProperty("id").GetInt64();
        using var faq = await admin.PostAsJsonAsync("/api/v1/faqs", new { question = "Where is my parcel?", answer = "Track it under Orders.", category_id = categoryId });
        var faqId = (await faq.EnsureSuccessStatusCode().ReadJsonAsync()).GetProperty("id").GetInt64();
        long[] integers = [categoryId, faqId, 1];

        var victimTurn = await SendAsync(victim, "where is my parcel?");
        var userTurn = await SendAsync(User, "how do I reset my password?");
        Targets[Caller.Anonymous] = new FuzzTargets(null, [victim.Id, .. victimTurn], integers);
        Targets[Caller.User] = new FuzzTargets(User.Id, [.. userTurn, victim.Id, .. victimTurn], integers);
        Targets[Caller.Admin] = new FuzzTargets(Admin.Id, [victim.Id, .. victimTurn, .. userTurn], integers);
    }

    private async Task<Guid[]> SendAsync(TestUser user, string message)
    {
        using var client = Api.CreateClient(user);
        using var response = await client.PostAsJsonAsync("/api/v1/chat/send", new { message });
        var body = await response.EnsureSuccessStatusCode().ReadJsonAsync();
        return [body.GetProperty("conversation_id").GetGuid(), body.GetProperty("message_id").GetGuid()];
    }
}

[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<FuzzFixture>
{
    public const string Name = "fuzz";
}
