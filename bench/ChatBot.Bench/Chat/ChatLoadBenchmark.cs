using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Bench.Http;
using ChatBot.DevServers;

namespace ChatBot.Bench.Chat;

/// <summary>
/// Chat turns with the local provider at fixed rates, open loop, against one Release Api: what a user waits for a
/// JSON answer when turns arrive at a steady pace. Prints a Markdown table for docs/benchmarks.md.
/// </summary>
public static class ChatLoadBenchmark
{
    private const int Accounts = 10;
    private const string AdminEmail = "bench-admin@example.com";

    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<ChatLoadRow>> RunAsync(ChatLoadArguments arguments, TextWriter output, CancellationToken cancellationToken = default)
    {
        var adminPassword = $"Bench-{Guid.NewGuid():N}";
        await using var servers = await ServerEnvironment.StartAsync(null, null, "chatbot_bench_chat");
        await using var api = await ApiProcess.StartAsync(servers.DatabaseConnectionString, servers.RedisConnectionString, null, cancellationToken,
            new Dictionary<string, string>
            {
                ["InitialAdmin__Email"] = AdminEmail,
                ["InitialAdmin__Password"] = adminPassword,
                // Ten accounts share the load: each may have this many answers being written at once.
                ["Chat__MaxAnswersInFlightPerUser"] = "100",
            });
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = api.Address, Timeout = TurnTimeout };
        var faqs = await AddFaqsAsync(client, adminPassword, arguments.Faqs, cancellationToken);
        var tokens = new List<string>();
        for (var i = 0; i < Accounts; i++)
        {
            tokens.Add(await api.SignInAsync(cancellationToken));
        }

        var questions = Questions();
        // Loads the embedding model, compiles the turn's code and fills the pools before anything counts.
        await RunRateAsync(client, tokens, questions, Math.Min(20, arguments.Rates[0]), arguments.WarmupSeconds, cancellationToken);
        var rows = new List<ChatLoadRow>();
        foreach (var rate in arguments.Rates)
        {
            var profile = arguments.ProfileDirectory is { } directory
                ? await ApiProfiler.StartAsync(api.ProcessId, directory, $"chat-{rate}-per-second", arguments.Seconds, cancellationToken)
                : Task.CompletedTask;
            rows.Add(await RunRateAsync(client, tokens, questions, rate, arguments.Seconds, cancellationToken));
            await profile;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"POST /api/v1/chat/send (JSON answer, local provider), {faqs} banking77 FAQs, {Accounts} accounts, open loop for {arguments.Seconds} s per rate after a {arguments.WarmupSeconds} s warm-up; {Environment.ProcessorCount} cores"));
        await output.WriteLineAsync();
        await output.WriteLineAsync("| target turns/s | achieved turns/s | answered | failed | p50 ms | p95 ms | p99 ms | max ms |");
        await output.WriteLineAsync("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            var latency = row.Latency;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"| {row.TargetRate} | {row.AchievedRate:F1} | {row.Answered} | {row.Failed} | {latency?.P50:F1} | {latency?.P95:F1} | {latency?.P99:F1} | {latency?.Max:F1} |"));
        }

        return rows;
    }

    /// <summary>Sends turns on a fixed schedule; each turn's latency runs from when it was due, not from when it left.</summary>
    private static async Task<ChatLoadRow> RunRateAsync(
        HttpClient client, List<string> tokens, IReadOnlyList<string> questions, int rate, int seconds, CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentBag<double>();
        var failures = new ConcurrentDictionary<string, int>();
        var turns = new List<Task>();
        var clock = Stopwatch.StartNew();
        var lastDone = TimeSpan.Zero;
        for (var i = 0; i < rate * seconds; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            var (token, question) = (tokens[i % tokens.Count], questions[i % questions.Count]);
            turns.Add(Task.Run(async () =>
            {
                var outcome = await SendTurnAsync(client, token, question, cancellationToken);
                var done = clock.Elapsed;
                if (outcome is null)
                {
                    latencies.Add((done - due).TotalMilliseconds);
                }
                else
                {
                    failures.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                }

                lock (turns)
                {
                    lastDone = done > lastDone ? done : lastDone;
                }
            }, cancellationToken));
        }

        await Task.WhenAll(turns);
        foreach (var (reason, times) in failures)
        {
            await Console.Error.WriteLineAsync($"{rate} turns/s: {times} turns failed: {reason}");
        }

        return new ChatLoadRow(rate, latencies.Count / lastDone.TotalSeconds, latencies.Count, failures.Values.Sum(),
            latencies.IsEmpty ? null : LatencySummary.Of([.. latencies]));
    }

    /// <summary>Null when the turn was answered, else why not.</summary>
    private static async Task<string?> SendTurnAsync(HttpClient client, string token, string question, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/send") { Content = JsonContent.Create(new { message = question }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return $"HTTP {(int)response.StatusCode}";
            }

            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return answer.TryGetProperty("response", out var text) && text.GetString() is { Length: > 0 } ? null : "an empty answer";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return exception.GetType().Name;
        }
    }

    /// <summary>The banking77 FAQs, added through the Api as its first admin (each is embedded as it is added).</summary>
    private static async Task<int> AddFaqsAsync(HttpClient client, string adminPassword, int count, CancellationToken cancellationToken)
    {
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = AdminEmail, password = adminPassword }, cancellationToken);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("access_token").GetString();
        using var faqs = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.EvalData, "banking77", "faqs.json"), cancellationToken));
        var added = 0;
        foreach (var faq in faqs.RootElement.EnumerateArray().Take(count))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/faqs")
            {
                Content = JsonContent.Create(new
                {
                    question = faq.GetProperty("question").GetString(),
                    answer = faq.GetProperty("answer").GetString(),
                    alternates = faq.GetProperty("alternates").EnumerateArray().Select(a => a.GetString()).ToList(),
                    external_id = faq.GetProperty("id").GetString(),
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            added++;
        }

        return added;
    }

    /// <summary>Real user questions from the banking77 dev split.</summary>
    private static IReadOnlyList<string> Questions()
    {
        using var queries = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.EvalData, "banking77", "dev_queries.json")));
        return [.. queries.RootElement.EnumerateArray().Select(q => q.GetProperty("query").GetString()!)];
    }
}

/// <param name="AchievedRate">Answered turns per second, from the first turn's due time to the last turn's end.</param>
public sealed record ChatLoadRow(int TargetRate, double AchievedRate, int Answered, int Failed, LatencySummary? Latency);
