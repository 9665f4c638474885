using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatBot.DevServers;

/// <summary>
/// A stand-in for a paid OpenAI-compatible service, on real Kestrel and the real wire protocol: chat completions
/// (JSON and SSE streaming with a usage chunk), embeddings and moderations. Tests script failures (429, 500,
/// slowness) and read what the client sent.
/// </summary>
public sealed partial class OpenAIStubServer : IAsyncDisposable
{
    private static readonly string[] TextInputOnly = ["text"];

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _failures = new();

    private OpenAIStubServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>Base address to configure as the provider endpoint (ends in <c>/v1/</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>Every request body received, in order, with its path and headers.</summary>
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Text the chat endpoint answers with; <c>{faq}</c> becomes the first FAQ id in the system prompt.</summary>
    public string AnswerTemplate { get; set; } = "From our help center: {faq} is the place to look. [faq:{faq}]";

    /// <summary>Pause before each streamed chunk (and before non-streamed answers).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>A further pause before non-streamed answers only (the Api asks for conversation titles that way).</summary>
    public TimeSpan NonStreamedDelay { get; set; } = TimeSpan.Zero;

    /// <summary>When set, a streamed answer breaks off (the connection is reset) after this many words.</summary>
    public int? BreakAfterWords { get; set; }

    /// <summary>The next requests fail with these statuses, one per request.</summary>
    public void FailNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _failures.Enqueue(status);
        }
    }

    public int Count(string pathSuffix) => Requests.Count(r => r.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    public static async Task<OpenAIStubServer> StartAsync()
    {
        var port = LoopbackPorts.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OpenAIStubServer(app, new Uri($"http://127.0.0.1:{port}/v1/"));
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/embeddings", server.EmbeddingsAsync);
        app.MapPost("/v1/moderations", server.ModerationsAsync);
        app.MapGet("/v1/models", server.ModelsAsync);
        await app.StartAsync();
        return server;
    }

    private async Task<JsonNode?> ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        Requests.Enqueue(new ReceivedRequest(context.Request.Path, body,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        return JsonNode.Parse(body);
    }

    private async Task<bool> FailIfScriptedAsync(HttpContext context)
    {
        if (!_failures.TryDequeue(out var status))
        {
            return false;
        }

        context.Response.StatusCode = status;
        if (status == StatusCodes.Status429TooManyRequests)
        {
            context.Response.Headers.RetryAfter = "0";
        }

        await context.Response.WriteAsJsonAsync(new { error = new { message = $"scripted {status}", type = "server_error" } });
        return true;
    }

    private async Task ModelsAsync(HttpContext context)
    {
        Requests.Enqueue(new ReceivedRequest(context.Request.Path, "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        if (await FailIfScriptedAsync(context))
        {
            return;
        }

        await context.Response.WriteAsJsonAsync(new
        {
            @object = "list",
            data = new[] { new { id = "stub-chat-1", @object = "model", created = 1_700_000_000, owned_by = "stub" } },
        });
    }

    private async Task ChatAsync(HttpContext context)
    {
        var request = await ReceiveAsync(context);
        if (await FailIfScriptedAsync(context))
        {
            return;
        }

        var model = request?["model"]?.GetValue<string>() ?? "stub-model";
        var system = request?["messages"]?.AsArray().FirstOrDefault(m => m?["role"]?.GetValue<string>() == "system")?["content"]?.ToString() ?? "";
        var faq = FaqId().Match(system) is { Success: true } match ? match.Groups[1].Value : "none";
        var answer = AnswerTemplate.Replace("{faq}", faq, StringComparison.Ordinal);
        var promptTokens = request?["messages"]?.ToJsonString().Length / 4 ?? 0;
        var completionTokens = answer.Split(' ').Length;
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        if (request?["stream"]?.GetValue<bool>() != true)
        {
            await Task.Delay(Delay + NonStreamedDelay, context.RequestAborted);
            await context.Response.WriteAsJsonAsync(new
            {
                id = "chatcmpl-stub",
                @object = "chat.completion",
                created,
                model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = answer }, finish_reason = "stop" } },
                usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
            });
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var words = answer.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if (i == BreakAfterWords)
            {
                // A reset discards what the client has not read yet: give it time to read the words already sent.
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(TimeSpan.FromMilliseconds(300), context.RequestAborted);
                context.Abort();
                return;
            }

            await Task.Delay(Delay, context.RequestAborted);
            var piece = i == 0 ? words[i] : " " + words[i];
            await WriteEventAsync(context, new
            {
                id = "chatcmpl-stub",
                @object = "chat.completion.chunk",
                created,
                model,
                choices = new[] { new { index = 0, delta = new { role = i == 0 ? "assistant" : null, content = piece }, finish_reason = (string?)null } },
            });
        }

        await WriteEventAsync(context, new
        {
            id = "chatcmpl-stub",
            @object = "chat.completion.chunk",
            created,
            model,
            choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } },
        });
        await WriteEventAsync(context, new
        {
            id = "chatcmpl-stub",
            @object = "chat.completion.chunk",
            created,
            model,
            choices = Array.Empty<object>(),
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        });
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static async Task WriteEventAsync(HttpContext context, object payload)
    {
        await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(payload)}\n\n");
        await context.Response.Body.FlushAsync();
    }

    private async Task EmbeddingsAsync(HttpContext context)
    {
        var request = await ReceiveAsync(context);
        if (await FailIfScriptedAsync(context))
        {
            return;
        }

        var input = request?["input"];
        var texts = input is JsonArray array ? array.Select(t => t!.GetValue<string>()).ToList() : [input?.GetValue<string>() ?? ""];
        var dimensions = request?["dimensions"]?.GetValue<int>() ?? 1536;
        await context.Response.WriteAsJsonAsync(new
        {
            @object = "list",
            model = request?["model"]?.GetValue<string>(),
            data = texts.Select((text, index) => new { @object = "embedding", index, embedding = PseudoEmbedding(text, dimensions) }),
            usage = new { prompt_tokens = texts.Sum(t => t.Length / 4), total_tokens = texts.Sum(t => t.Length / 4) },
        });
    }

    private async Task ModerationsAsync(HttpContext context)
    {
        var request = await ReceiveAsync(context);
        if (await FailIfScriptedAsync(context))
        {
            return;
        }

        var text = request?["input"]?.ToString() ?? "";
        var flagged = text.Contains("STUB-VIOLENCE", StringComparison.Ordinal);
        var categories = new Dictionary<string, bool>
        {
            ["harassment"] = false,
            ["harassment/threatening"] = false,
            ["hate"] = false,
            ["hate/threatening"] = false,
            ["illicit"] = false,
            ["illicit/violent"] = false,
            ["self-harm"] = false,
            ["self-harm/intent"] = false,
            ["self-harm/instructions"] = false,
            ["sexual"] = false,
            ["sexual/minors"] = false,
            ["violence"] = flagged,
            ["violence/graphic"] = false,
        };
        await context.Response.WriteAsJsonAsync(new
        {
            id = "modr-stub",
            model = request?["model"]?.GetValue<string>(),
            results = new[]
            {
                new
                {
                    flagged,
                    categories,
                    category_scores = categories.ToDictionary(c => c.Key, c => c.Value ? 0.97 : 0.001),
                    category_applied_input_types = categories.ToDictionary(c => c.Key, _ => TextInputOnly),
                },
            },
        });
    }

    /// <summary>A deterministic unit vector per text (not semantic: enough to prove the wire format and dimensions).</summary>
    public static float[] PseudoEmbedding(string text, int dimensions)
    {
        var seed = BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0);
        var random = new Random(seed);
        var vector = Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / norm).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Context entries start a line ("[faq:3] Q: ..."); the instructions' example citation does not.</summary>
    [GeneratedRegex(@"^\[faq:(\d+)\] Q:", RegexOptions.Multiline)]
    private static partial Regex FaqId();
}

public sealed record ReceivedRequest(string Path, string Body, IReadOnlyDictionary<string, string> Headers);
