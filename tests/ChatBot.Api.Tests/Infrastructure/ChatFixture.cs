using System.Net.Http.Json;
using ChatBot.Api.Tests.Knowledge;
using ChatBot.Core.Identity;

namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>
/// Servers of their own for chat tests, with a small knowledge base loaded once: the support FAQs plus one with a long
/// answer, so a paced stream lasts long enough to be interrupted, resumed and stopped.
/// </summary>
public class ChatFixture : ApiFixture
{
    public const string LongQuestion = "What does the full onboarding walkthrough for new business accounts cover?";

    public Dictionary<string, int> FaqIds { get; private set; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var admin = Api.CreateClient(await Api.CreateSignedInUserAsync(Roles.Admin));
        var longAnswer = string.Join(' ', Enumerable.Range(1, 60).Select(i => $"step{i}"));
        var (_, ids) = await KnowledgeTestData.ImportAsync(admin,
        [
            .. KnowledgeTestData.SupportFaqs,
            new { id = "onboarding", question = LongQuestion, answer = longAnswer, alternates = new[] { "explain the business onboarding steps", "walk me through onboarding for my company account" } },
        ]);
        FaqIds = ids;
    }

    /// <summary>A second Api replica on the same servers whose local responder streams one word every <paramref name="chunkDelayMs"/>.</summary>
    public ChatBotApiFactory CreatePacedApi(int chunkDelayMs = 40) =>
        CreateApi(new Dictionary<string, string?> { ["Ai:Local:ChunkDelayMilliseconds"] = chunkDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public static JsonContent Message(string message, Guid? conversationId = null, string? language = null) =>
        JsonContent.Create(new { message, conversation_id = conversationId, language });
}

[CollectionDefinition(Name)]
public sealed class ChatCollection : ICollectionFixture<ChatFixture>
{
    public const string Name = "chat";
}
