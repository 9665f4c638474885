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
/// Chat turns at fixed rates, open loop, against one Release Api: what a user waits for an answer when turns arrive at
/// a steady pace, over JSON or WebSocket, answered by the knowledge base or by a provider stub that streams at once.
/// Prints a Markdown table for docs/benchmarks.md.
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
        await using var stub = arguments.ProviderStub ? await OpenAIStubServer.StartAsync() : null;
        await using var api = await ApiProcess.StartAsync(servers.DatabaseConnectionString, servers.RedisConnectionString, null, cancellationToken,
            ApiSettings(arguments, adminPassword, stub));
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = api.Address, Timeout = TurnTimeout };
        var faqs = await AddFaqsAsync(client, adminPassword, arguments.Faqs, cancellationToken);
        var tokens = new List<string>();
        for (var i = 0; i < Accounts; i++)
        {
            tokens.Add(await api.SignInAsync(cancellationToken));
        }

        await using ITurnSender sender = arguments.WebSocket
            ? await SocketTurnSender.OpenAsync(api.Address, tokens, arguments.Sockets, cancellationToken)
            : new JsonTurnSender(client, tokens);
        await using var reference = stub is null ? null : new ProviderTurnSender(stub.Endpoint);
        var questions = Questions();
        // Loads the embedding model, compiles the turn's code and fills the pools before anything counts.
        var warmupRate = Math.Min(20, arguments.Rates[0]);
        await RunRateAsync(sender, questions, warmupRate, arguments.WarmupSeconds, cancellationToken);
        if (reference is not null)
        {
            await RunRateAsync(reference, questions, warmupRate, arguments.WarmupSeconds, cancellationToken);
        }

        var rows = new List<ChatLoadRow>();
        foreach (var rate in arguments.Rates)
        {
            if (reference is not null)
            {
                rows.Add(await RunRateAsync(reference, questions, rate, arguments.Seconds, cancellationToken));
            }

            var profile = arguments.ProfileDirectory is { } directory
                ? await ApiProfiler.StartAsync(api.ProcessId, directory, $"chat-{rate}-per-second", arguments.Seconds, cancellationToken)
                : Task.CompletedTask;
            var (apiBefore, machineBefore) = (ProcessCpu.Of(api.ProcessId), MachineCpu.Busy());
            var row = await RunRateAsync(sender, questions, rate, arguments.Seconds, cancellationToken);
            var turns = Math.Max(1, row.Answered + row.Failed);
            rows.Add(row with
            {
                ApiCpuPerTurn = (ProcessCpu.Of(api.ProcessId) - apiBefore).TotalMilliseconds / turns,
                MachineCpuPerTurn = (MachineCpu.Busy() - machineBefore).TotalMilliseconds / turns,
            });
            await profile;
        }

        await WriteTableAsync(output, arguments, sender, faqs, rows);
        return rows;
    }

    private static Dictionary<string, string> ApiSettings(ChatLoadArguments arguments, string adminPassword, OpenAIStubServer? stub)
    {
        var settings = new Dictionary<string, string>
        {
            ["InitialAdmin__Email"] = AdminEmail,
            ["InitialAdmin__Password"] = adminPassword,
            // Ten accounts share the load: each may have this many answers being written at once.
            ["Chat__MaxAnswersInFlightPerUser"] = "100",
            ["Chat__MaxSocketsPerUser"] = arguments.Sockets.ToString(CultureInfo.InvariantCulture),
            // A socket waits between its turns: it must not be closed as idle meanwhile.
            ["Chat__IdleTimeoutSeconds"] = "3600",
        };
        if (stub is not null)
        {
            settings["Ai__Chat__Provider"] = "OpenAICompatible";
            settings["Ai__Chat__Endpoint"] = stub.Endpoint.ToString();
            settings["Ai__Chat__ApiKey"] = "sk-bench";
        }

        return settings;
    }

    private static async Task WriteTableAsync(TextWriter output, ChatLoadArguments arguments, ITurnSender sender, int faqs, List<ChatLoadRow> rows)
    {
        var answers = arguments.ProviderStub ? "an OpenAI-compatible stub that streams at once" : "the local provider (knowledge base)";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{sender.Path}; answers from {answers}; {faqs} banking77 FAQs, {Accounts} accounts, open loop for {arguments.Seconds} s per rate after a {arguments.WarmupSeconds} s warm-up; {Environment.ProcessorCount} cores"));
        await output.WriteLineAsync();
        await output.WriteLineAsync("| via | target turns/s | achieved turns/s | answered | failed | first piece p50 ms | first piece p95 ms | done p50 ms | done p95 ms | done p99 ms | done max ms | Api CPU ms per turn | machine CPU ms per turn |");
        await output.WriteLineAsync("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            var (first, done) = (row.FirstPiece, row.Latency);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Via} | {row.TargetRate} | {row.AchievedRate:F1} | {row.Answered} | {row.Failed} | {first?.P50:F1} | {first?.P95:F1} | {done?.P50:F1} | {done?.P95:F1} | {done?.P99:F1} | {done?.Max:F1} | {row.ApiCpuPerTurn:F1} | {row.MachineCpuPerTurn:F1} |"));
        }

        foreach (var pair in rows.Chunk(2).Where(_ => arguments.ProviderStub))
        {
            var (direct, viaApi) = (pair[0].FirstPiece, pair[1].FirstPiece);
            if (direct is not null && viaApi is not null)
            {
                await output.WriteLineAsync();
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Time to first token the Api adds at {pair[1].TargetRate} turns/s: p50 {viaApi.P50 - direct.P50:F1} ms, p95 {viaApi.P95 - direct.P95:F1} ms"));
            }
        }
    }

    /// <summary>Sends turns on a fixed schedule; each turn's times run from when it was due, not from when it left.</summary>
    private static async Task<ChatLoadRow> RunRateAsync(ITurnSender sender, IReadOnlyList<string> questions, int rate, int seconds, CancellationToken cancellationToken)
    {
        var done = new ConcurrentBag<double>();
        var firstPieces = new ConcurrentBag<double>();
        var failures = new ConcurrentDictionary<string, int>();
        var turns = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        var lastDone = started;
        for (var i = 0; i < rate * seconds; i++)
        {
            var due = started + (long)((double)i / rate * Stopwatch.Frequency);
            if (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due) is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var (turn, question) = (i, questions[i % questions.Count]);
            turns.Add(Task.Run(async () =>
            {
                var outcome = await sender.SendAsync(turn, question, cancellationToken);
                if (outcome.Failure is { } failure)
                {
                    failures.AddOrUpdate(failure, 1, (_, n) => n + 1);
                }
                else
                {
                    done.Add(Stopwatch.GetElapsedTime(due, outcome.DoneAt).TotalMilliseconds);
                    if (outcome.FirstDeltaAt is { } first)
                    {
                        firstPieces.Add(Stopwatch.GetElapsedTime(due, first).TotalMilliseconds);
                    }
                }

                lock (turns)
                {
                    lastDone = Math.Max(lastDone, outcome.DoneAt);
                }
            }, cancellationToken));
        }

        await Task.WhenAll(turns);
        foreach (var (reason, times) in failures)
        {
            await Console.Error.WriteLineAsync($"{rate} turns/s via {sender.Path}: {times} turns failed: {reason}");
        }

        return new ChatLoadRow(sender is ProviderTurnSender ? "stub directly" : "Api", rate, done.Count / Stopwatch.GetElapsedTime(started, lastDone).TotalSeconds,
            done.Count, failures.Values.Sum(), done.IsEmpty ? null : LatencySummary.Of([.. done]),
            firstPieces.IsEmpty ? null : LatencySummary.Of([.. firstPieces]));
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

/// <param name="Via">"Api", or "stub directly" for the reference without the Api.</param>
/// <param name="AchievedRate">Answered turns per second, from the first turn's due time to the last turn's end.</param>
/// <param name="Latency">From each turn's due time to its whole answer.</param>
/// <param name="FirstPiece">From each turn's due time to the first piece of its answer, where the transport streams.</param>
/// <param name="ApiCpuPerTurn">The Api process's CPU time over the run, per turn sent (ms); not measured for the stub.</param>
/// <param name="MachineCpuPerTurn">
/// Every core's busy time over the run, per turn sent (ms): the Api, PostgreSQL, Redis and this load generator together.
/// Two cores give 2,000 ms a second, so this figure times the rate is how full the machine is.
/// </param>
public sealed record ChatLoadRow(
    string Via, int TargetRate, double AchievedRate, int Answered, int Failed, LatencySummary? Latency, LatencySummary? FirstPiece,
    double? ApiCpuPerTurn = null, double? MachineCpuPerTurn = null);
