using System.Diagnostics;
using System.Diagnostics.Metrics;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ChatBot.Api.Tests.Observability;

/// <summary>
/// What ops teams see: the spans, metrics and logs the real Api exports, captured with OpenTelemetry's in-memory
/// exporter on the same pipeline that sends them to the dashboard.
/// </summary>
[Collection(ChatCollection.Name)]
public sealed class TelemetryTests(ChatFixture fixture)
{
    [Fact]
    public async Task A_chat_turn_is_one_trace_from_the_request_through_retrieval_and_the_model_call_to_storage()
    {
        var spans = new ConcurrentCollection<Activity>();
        await using var api = fixture.CreateApi(
            new Dictionary<string, string?> { ["Aspire:StackExchange:Redis:DisableTracing"] = "false" },
            configureServices: services => services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans)));
        using var client = api.CreateClient(await api.CreateSignedInUserAsync());

        // A question never asked before, so its embedding is computed (not served from the shared cache).
        var question = $"my refund still hasn't arrived, how long does it take? order {Guid.NewGuid():N}";
        var body = await (await client.PostAsync("/api/v1/chat/send", ChatFixture.Message(question))).ReadJsonAsync();

        var messageId = body.GetProperty("message_id").GetGuid().ToString();
        var generation = await Eventually.GetAsync(
            () => spans.Snapshot().FirstOrDefault(s => s.OperationName == "chat.generate" && Equals(s.GetTagItem("chatbot.message_id")?.ToString(), messageId)),
            () => "the generation span, among " + string.Join(", ", spans.Snapshot().Select(s => $"{s.Source.Name}:{s.DisplayName}").Distinct()));
        var trace = spans.Snapshot().Where(s => s.TraceId == generation.TraceId).ToList();
        // The test's HttpClient span roots the trace, as the Web app's does in production.
        var request = Assert.Single(trace, s => s.Kind == ActivityKind.Server);
        Assert.Equal("POST /api/v1/chat/send", request.DisplayName);
        Assert.All(trace.Where(s => s != request && s.Kind != ActivityKind.Client || s.Parent is not null),
            s => Assert.Contains(trace, parent => parent.SpanId == s.ParentSpanId));
        Assert.Contains(trace, s => s.OperationName == "moderation.check" && s.ParentSpanId == request.SpanId);
        var retrieval = Assert.Single(trace, s => s.OperationName == "knowledge.retrieve");
        Assert.Contains(trace, s => s.ParentSpanId == retrieval.SpanId && Equals(s.GetTagItem("gen_ai.operation.name"), "embeddings"));
        Assert.Contains(trace, s => s.ParentSpanId == retrieval.SpanId && Equals(s.GetTagItem("db.operation.name"), "SELECT"));
        Assert.Equal(request.SpanId, generation.ParentSpanId);
        var modelCall = Assert.Single(trace, s => Equals(s.GetTagItem("gen_ai.operation.name"), "chat"));
        Assert.Equal(generation.SpanId, modelCall.ParentSpanId);
        Assert.Equal("local-retrieval", modelCall.GetTagItem("gen_ai.request.model"));
        Assert.True(Convert.ToInt32(modelCall.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(Convert.ToInt32(modelCall.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("stop", modelCall.GetTagItem("gen_ai.response.finish_reasons")?.ToString(), StringComparison.Ordinal);
        Assert.Null(modelCall.GetTagItem("gen_ai.input.messages"));
        var storage = Assert.Single(trace, s => s.OperationName == "chat.record");
        Assert.Equal(generation.SpanId, storage.ParentSpanId);
        Assert.Contains(trace, s => s.ParentSpanId == storage.SpanId && Equals(s.GetTagItem("db.operation.name"), "INSERT"));
        // Redis commands are read from the client's profiler in batches, a moment after they ran. A stream write is one
        // script (append only while the answer's metadata exists), sent as EVALSHA once Redis knows it.
        await Eventually.TrueAsync(() => spans.Snapshot().Any(s => s.ParentSpanId == generation.SpanId
            && s.Source.Name == "OpenTelemetry.Instrumentation.StackExchangeRedis" && s.DisplayName is "EVALSHA" or "EVAL"), "the stream writes to Redis");
    }

    [Fact]
    public async Task A_database_call_with_no_operation_around_it_starts_no_trace()
    {
        var spans = new ConcurrentCollection<Activity>();
        await using var api = fixture.CreateApi(configureServices: services => services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans)));
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            await using var scope = api.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ChatBotDbContext>();
            Assert.True(await db.Users.CountAsync() >= 0);

            using (var operation = new ActivitySource("ChatBot.Jobs").StartActivity("job.test"))
            {
                Assert.NotNull(operation);
                await db.Faqs.CountAsync();
            }
        }
        finally
        {
            Activity.Current = previous;
        }

        var exported = spans.Snapshot();
        var job = Assert.Single(exported, s => s.OperationName == "job.test");
        Assert.Contains(exported, s => s.ParentSpanId == job.SpanId && Equals(s.GetTagItem("db.operation.name"), "SELECT"));
        // Database calls only: other tests in this process make HTTP calls of their own, which may start traces.
        Assert.DoesNotContain(exported, s => s.Source.Name == "Npgsql" && s.Parent is null && s.ParentSpanId == default);
    }

    [Fact]
    public async Task A_chat_turn_and_a_refused_message_move_the_ChatBot_meter()
    {
        await using var api = fixture.CreateApi();
        var meters = api.Services.GetRequiredService<IMeterFactory>();
        using var turns = new MetricCollector<long>(meters, "ChatBot", "chatbot.chat.turns");
        using var duration = new MetricCollector<double>(meters, "ChatBot", "chatbot.chat.turn.duration");
        using var firstToken = new MetricCollector<double>(meters, "ChatBot", "chatbot.chat.time_to_first_token");
        using var tokens = new MetricCollector<long>(meters, "ChatBot", "chatbot.ai.tokens");
        using var blocks = new MetricCollector<long>(meters, "ChatBot", "chatbot.moderation.blocks");
        using var client = api.CreateClient(await api.CreateSignedInUserAsync());

        await client.PostAsync("/api/v1/chat/send", ChatFixture.Message("my refund still hasn't arrived, how long does it take?"));
        using var refused = await client.PostAsync("/api/v1/chat/send", ChatFixture.Message("my card is 4111 1111 1111 1111, is it blocked?"));

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        await Eventually.TrueAsync(() => turns.GetMeasurementSnapshot().Count >= 2, "two turns counted");
        var counted = turns.GetMeasurementSnapshot();
        Assert.Contains(counted, m => Equals(m.Tags["chatbot.outcome"], "answered") && Equals(m.Tags["chatbot.provider"], "local"));
        Assert.Contains(counted, m => Equals(m.Tags["chatbot.outcome"], "blocked"));
        Assert.Contains(blocks.GetMeasurementSnapshot(), m => Equals(m.Tags["chatbot.category"], "pii.card_number"));
        Assert.Single(duration.GetMeasurementSnapshot(), m => m.Value > 0 && Equals(m.Tags["chatbot.outcome"], "answered"));
        Assert.Single(firstToken.GetMeasurementSnapshot(), m => m.Value > 0 && m.Value <= duration.LastMeasurement!.Value);
        Assert.Contains(tokens.GetMeasurementSnapshot(), m => m.Value > 0 && Equals(m.Tags["gen_ai.token.type"], "output") && Equals(m.Tags["gen_ai.request.model"], "local-retrieval"));
    }

    [Fact]
    public async Task A_sign_in_is_logged_without_the_email_or_the_address_it_came_from()
    {
        var logs = new ConcurrentCollection<LogSnapshot>();
        await using var api = fixture.CreateApi(configureServices: services =>
            services.AddLogging(logging => logging.AddOpenTelemetry(options =>
                options.AddProcessor(new SimpleLogRecordExportProcessor(new LogSnapshotExporter(logs))))));
        using var client = api.CreateClient();
        var user = await client.RegisterAsync();

        await client.LoginAsync(user);

        var signIn = await Eventually.GetAsync(() => logs.Snapshot().FirstOrDefault(r => r.EventId == 1001), "the sign-in log line");
        Assert.Contains("succeeded", signIn.Message, StringComparison.Ordinal);
        Assert.Contains(user.Id.ToString(), signIn.ToString(), StringComparison.Ordinal);
        Assert.Contains(signIn.Attributes, a => a.Key == "Login");
        Assert.DoesNotContain(user.Email, signIn.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("127.0.0.1", signIn.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Snapshot(), r => r.ToString().Contains(user.Email, StringComparison.OrdinalIgnoreCase));
    }
}
