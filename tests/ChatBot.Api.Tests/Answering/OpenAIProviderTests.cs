using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Api.Tests.Knowledge;
using ChatBot.Core.Answering;
using ChatBot.Core.Identity;
using ChatBot.Core.Moderation;
using ChatBot.DevServers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Api.Tests.Answering;

/// <summary>
/// The OpenAI path end to end: the real OpenAI .NET client (through Microsoft.Extensions.AI) against an
/// OpenAI-compatible server on real HTTP with real SSE, including failures that must end in a graceful answer.
/// </summary>
[Collection(KnowledgeCollection.Name)]
public sealed class OpenAIProviderTests(KnowledgeFixture fixture) : IAsyncLifetime
{
    private OpenAIStubServer _stub = null!;

    public async Task InitializeAsync() => _stub = await OpenAIStubServer.StartAsync();

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    private Dictionary<string, string?> ChatSettings(string provider = "OpenAICompatible", int timeoutSeconds = 10) => new()
    {
        ["Ai:Chat:Provider"] = provider,
        ["Ai:Chat:Endpoint"] = _stub.Endpoint.ToString(),
        ["Ai:Chat:Model"] = "stub-chat-1",
        ["Ai:Chat:ApiKey"] = "sk-test-key",
        ["Ai:RequestTimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task A_turn_streams_the_models_answer_over_sse_with_context_citations_and_reported_usage()
    {
        await fixture.ResetKnowledgeAsync();
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var (_, ids) = await KnowledgeTestData.ImportAsync(moderator, KnowledgeTestData.SupportFaqs);
        await using var api = fixture.CreateApi(ChatSettings());

        var (deltas, completed) = await RunTurnAsync(api, "¿Cuánto tarda un reembolso? How long does a refund take?", "es");

        var request = JsonDocument.Parse(_stub.Requests.Single(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal)).Body).RootElement;
        Assert.True(request.GetProperty("stream").GetBoolean());
        Assert.True(request.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal("stub-chat-1", request.GetProperty("model").GetString());
        var system = request.GetProperty("messages")[0].GetProperty("content").ToString();
        Assert.Contains($"[faq:{ids["refund"]}]", system, StringComparison.Ordinal);
        Assert.Contains("Spanish (es)", system, StringComparison.Ordinal);
        Assert.Equal($"From our help center: {ids["refund"]} is the place to look. [faq:{ids["refund"]}]", completed.Text);
        Assert.Equal(completed.Text, string.Concat(deltas));
        Assert.True(deltas.Count >= 2, "released sentence by sentence after moderation");
        Assert.Equal("stub-chat-1", completed.Model);
        Assert.Equal(ids["refund"], Assert.Single(completed.Sources).FaqId);
        Assert.Equal(completed.Text.Split(' ').Length, completed.CompletionTokens);
        Assert.False(completed.Degraded);
    }

    [Fact]
    public async Task Model_output_that_breaks_the_rules_is_withheld_before_the_user_sees_it()
    {
        await using var api = fixture.CreateApi(ChatSettings());
        _stub.AnswerTemplate = "Sure, I can help with that. The test card 4111 1111 1111 1111 always works. Anything else?";

        var (deltas, completed) = await RunTurnAsync(api, "which card number can I test with?", "en");

        var shown = string.Concat(deltas);
        Assert.StartsWith("Sure, I can help with that.", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("4111", shown, StringComparison.Ordinal);
        Assert.Contains("withheld by moderation", shown, StringComparison.Ordinal);
        Assert.Equal(shown, completed.Text);
        Assert.True(completed.OutputModeration.Blocked);
        Assert.Contains("pii.card_number", completed.OutputModeration.Categories);
        var flag = await fixture.Api.WithDbAsync(db => db.ModerationFlags.Where(f => f.Source == "output").OrderByDescending(f => f.Id).FirstAsync());
        Assert.Contains("[card number]", flag.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("4111", flag.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_is_retried_and_the_turn_still_succeeds()
    {
        await using var api = fixture.CreateApi(ChatSettings());
        _stub.FailNext(429);

        var (_, completed) = await RunTurnAsync(api, "How long does a refund take?", "en");

        Assert.Equal(2, _stub.Count("chat/completions"));
        Assert.False(completed.Degraded);
        Assert.StartsWith("From our help center", completed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persistent_500s_end_in_the_knowledge_base_answer_not_an_error()
    {
        await fixture.ResetKnowledgeAsync();
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var (_, ids) = await KnowledgeTestData.ImportAsync(moderator, KnowledgeTestData.SupportFaqs);
        await using var api = fixture.CreateApi(ChatSettings());
        _stub.FailNext(500, 500, 500, 500, 500);

        var (_, completed) = await RunTurnAsync(api, "How do I reset my password?", "en");

        Assert.True(completed.Degraded);
        Assert.Equal("local-retrieval", completed.Model);
        Assert.Equal($"Use 'Forgot password' on the sign-in page. [faq:{ids["password"]}]", completed.Text);
        Assert.Equal(3, _stub.Count("chat/completions"));
    }

    [Fact]
    public async Task A_model_that_breaks_off_mid_answer_ends_failed_with_what_it_said_not_with_the_knowledge_base_answer()
    {
        await using var api = fixture.CreateApi(ChatSettings());
        _stub.AnswerTemplate = "Refunds take five days. They go back to the card you paid with.";
        _stub.BreakAfterWords = 8;

        var (deltas, completed) = await RunTurnAsync(api, "How long does a refund take?", "en");

        Assert.True(completed.ProviderFailed);
        Assert.False(completed.Degraded);
        Assert.Equal("stub-chat-1", completed.Model);
        Assert.Equal("Refunds take five days. They go back to", completed.Text);
        Assert.Equal(completed.Text, string.Concat(deltas));
        Assert.Equal(1, _stub.Count("chat/completions"));
    }

    [Fact]
    public async Task A_model_slower_than_the_timeout_ends_in_the_knowledge_base_answer()
    {
        await using var api = fixture.CreateApi(ChatSettings(timeoutSeconds: 1));
        _stub.Delay = TimeSpan.FromSeconds(5);

        var started = DateTime.UtcNow;
        var (_, completed) = await RunTurnAsync(api, "When are you open?", "en");

        Assert.True(completed.Degraded);
        Assert.Equal("local-retrieval", completed.Model);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Azure_OpenAI_sends_the_key_as_an_api_key_header_not_a_bearer_token()
    {
        await using var api = fixture.CreateApi(ChatSettings(provider: "AzureOpenAI"));

        await RunTurnAsync(api, "When are you open?", "en");

        var headers = _stub.Requests.Single(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal)).Headers;
        Assert.Equal("sk-test-key", headers["api-key"]);
        Assert.False(headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Embeddings_from_an_openai_compatible_server_ask_for_384_dimensions_and_are_cached_in_redis_for_every_replica()
    {
        Dictionary<string, string?> EmbeddingSettings(string model) => new()
        {
            ["Ai:Embeddings:Provider"] = "OpenAICompatible",
            ["Ai:Embeddings:Endpoint"] = _stub.Endpoint.ToString(),
            ["Ai:Embeddings:Model"] = model,
        };
        // Two replicas: separate processes in production, separate service providers here, so only Redis is shared.
        await using var api = fixture.CreateApi(EmbeddingSettings("stub-embed-1"));
        await using var replica = fixture.CreateApi(EmbeddingSettings("stub-embed-1"));
        await using var otherModel = fixture.CreateApi(EmbeddingSettings("stub-embed-2"));
        var text = $"cache me {Guid.NewGuid()}";

        var first = await api.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateVectorAsync(text);
        var fromReplica = await replica.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateVectorAsync(text);

        Assert.Equal(384, first.Length);
        Assert.Equal(OpenAIStubServer.PseudoEmbedding(text, 384), first.ToArray());
        Assert.Equal(first.ToArray(), fromReplica.ToArray());
        var request = JsonDocument.Parse(Assert.Single(_stub.Requests).Body).RootElement;
        Assert.Equal(384, request.GetProperty("dimensions").GetInt32());
        Assert.Equal("stub-embed-1", request.GetProperty("model").GetString());
        var input = request.GetProperty("input");
        Assert.Equal(text, input.ValueKind == JsonValueKind.Array ? Assert.Single(input.EnumerateArray()).GetString() : input.GetString());

        // The cache is keyed by model too: another model's vector for the same text is asked for, not reused.
        await otherModel.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateVectorAsync(text);

        Assert.Equal(2, _stub.Count("embeddings"));
        Assert.Equal("stub-embed-2", JsonDocument.Parse(_stub.Requests.Last().Body).RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task With_openai_configured_its_moderation_endpoint_blocks_beside_the_local_rules()
    {
        await using var api = fixture.CreateApi(ChatSettings(provider: "OpenAI"));
        using var admin = api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Admin));

        using var violent = await admin.PostAsJsonAsync("/api/v1/moderation/check", new { text = "STUB-VIOLENCE in a sentence" });
        using var clean = await admin.PostAsJsonAsync("/api/v1/moderation/check", new { text = "hello there" });

        var verdict = await violent.ReadJsonAsync();
        Assert.True(verdict.GetProperty("blocked").GetBoolean());
        Assert.Contains("violence", verdict.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains("openai", verdict.GetProperty("provider").GetString(), StringComparison.Ordinal);
        Assert.False((await clean.ReadJsonAsync()).GetProperty("flagged").GetBoolean());
        Assert.Equal(2, _stub.Count("moderations"));
    }

    private static async Task<(List<string> Deltas, TurnCompleted Completed)> RunTurnAsync(ChatBotApiFactory api, string message, string language)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var turns = scope.ServiceProvider.GetRequiredService<AnswerTurnService>();
        var preparation = await turns.PrepareAsync(new TurnInput(message, [], language, new ModerationContext(ModerationContext.Input)), CancellationToken.None);
        var deltas = new List<string>();
        TurnCompleted? completed = null;
        await foreach (var turnEvent in turns.StreamAsync(preparation.Prepared!, CancellationToken.None))
        {
            switch (turnEvent)
            {
                case TurnDelta delta:
                    deltas.Add(delta.Text);
                    break;
                case TurnCompleted done:
                    completed = done;
                    break;
            }
        }

        return (deltas, completed!);
    }
}
