using System.Globalization;
using ChatBot.Bench;
using ChatBot.Bench.Chat;
using ChatBot.Bench.Http;
using ChatBot.Bench.Sockets;

namespace ChatBot.Bench.Tests;

/// <summary>
/// Every benchmark runs once, for seconds, so none of them rots between measurements. Nothing here asserts a speed:
/// figures come from full runs recorded in docs/benchmarks.md; these check that each bench still measures what it says.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public async Task The_http_benchmark_loads_bare_kestrel_the_round_trip_floor_and_the_apis_authenticated_paths_with_telemetry_export_on()
    {
        using var output = new StringWriter();

        var result = await HttpBenchmark.RunAsync(new HttpArguments(Seconds: 1, WarmupSeconds: 1, Connections: 4, Telemetry: true), output);
        var rows = result.Rows;

        Assert.Equal(5, rows.Count);
        Assert.All(rows, row => Assert.True(row.Run.Requests > 0, $"{row.Name}: no requests\n{output}"));
        // Every authenticated GET succeeded (the bearer token was accepted and the database answered), and the floor
        // found the signed-in user's row (it answers 404 otherwise).
        Assert.All(rows, row => Assert.Equal(0, row.Run.Failed));
        Assert.All(rows.Skip(1), row => Assert.True(row.CpuMsPerRequest > 0, $"{row.Name}: no server CPU measured"));
        Assert.All(rows, row => Assert.True(row.MachineCpuMsPerRequest > 0, $"{row.Name}: no machine CPU measured"));
        // The floor and the authenticated reads went to PostgreSQL; its backends' CPU was found.
        Assert.All(rows.Where(row => !row.Name.Contains("/alive", StringComparison.Ordinal)).Skip(1), row => Assert.True(row.PostgresCpuMsPerRequest > 0, $"{row.Name}: no PostgreSQL CPU measured"));
        Assert.Contains("| `GET /api/v1/users/me`, bearer token |", output.ToString(), StringComparison.Ordinal);
        Assert.True(result.OtlpExports > 0, "the Api exported no telemetry to the sink");
    }

    [Fact]
    public async Task The_socket_benchmark_holds_chat_sockets_and_pings_each_one()
    {
        using var output = new StringWriter();

        var result = await SocketBenchmark.RunAsync(new SocketArguments(Sockets: 40, HoldSeconds: 1, Concurrency: 8), output);

        Assert.True(result.Opened == 40, $"only {result.Opened} of 40 sockets opened\n{output}");
        Assert.Equal(40, result.Answered);
        Assert.True(result.Open.PssKb > 0 && result.Held.PssKb > 0, "the Api's memory was not read");
        Assert.Contains("| Api memory per held socket (PSS growth) |", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chat_load_benchmark_answers_turns_sent_at_a_fixed_rate()
    {
        using var output = new StringWriter();

        var rows = await ChatLoadBenchmark.RunAsync(new ChatLoadArguments([4], Seconds: 2, WarmupSeconds: 1, Faqs: 5), output);

        var row = Assert.Single(rows);
        Assert.True(row.Answered == 8 && row.Failed == 0, $"answered {row.Answered}, failed {row.Failed}\n{output}");
        Assert.NotNull(row.Latency);
        Assert.Null(row.FirstPiece);
        Assert.True(row.ApiCpuPerTurn > 0 && row.MachineCpuPerTurn > 0, $"CPU per turn not read\n{output}");
        Assert.Contains("| Api | 4 |", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chat_load_benchmark_times_the_first_token_over_sockets_against_the_provider_stub_reached_directly()
    {
        using var output = new StringWriter();

        var rows = await ChatLoadBenchmark.RunAsync(
            new ChatLoadArguments([4], Seconds: 2, WarmupSeconds: 1, Faqs: 5, WebSocket: true, Sockets: 6, ProviderStub: true), output);

        Assert.Equal(["stub directly", "Api"], rows.Select(row => row.Via));
        Assert.All(rows, row => Assert.True(row.Answered == 8 && row.Failed == 0, $"{row.Via}: answered {row.Answered}, failed {row.Failed}\n{output}"));
        // The first piece of every answer arrived before its end, on both paths.
        Assert.All(rows, row => Assert.True(row.FirstPiece!.P50 <= row.Latency!.P50, $"{row.Via}: first piece after done\n{output}"));
        Assert.Contains("Time to first token the Api adds at 4 turns/s", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("WebSocket `message` frames over 6 open sockets", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_footprint_benchmark_finds_every_part_of_the_idle_local_stack()
    {
        var script = Path.Combine(DevServers.RepositoryPaths.Root, "bench", "footprint.sh");
        var start = new System.Diagnostics.ProcessStartInfo("bash", [script, "--idle", "1", "--no-build"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(6));
        var table = await output;

        Assert.True(process.ExitCode == 0, $"footprint.sh exited with {process.ExitCode}\n{table}\n{await errors}");
        foreach (var part in new[] { "AppHost", "dashboard", "DCP", "Api", "Worker", "Web", "PostgreSQL", "Redis" })
        {
            Assert.Matches($@"\| {part} \| [1-9]\d* \| [1-9]\d* \|", table);
        }

        Assert.Matches(@"\| \*\*total\*\* \| \| \*\*[1-9]\d*\*\* \|", table);
    }

    [Fact]
    public async Task The_faq_search_benchmark_grows_a_small_knowledge_base_and_times_search()
    {
        using var output = new StringWriter();

        // 1,800 texts in lists of 100 (the shape 600,000 texts get), so a search reads 5 of 18 lists, as at 100,000 FAQs
        // it reads 5 of 600.
        await FaqSearchBenchmark.RunAsync(
            FaqSearchArguments.Parse(["--sizes", "300", "--queries", "20", "--concurrency", "2", "--lists-from", "1", "--texts-per-list", "100"])!, output);

        // The next-to-last column is recall@10 against an exact scan; on 300 FAQs the candidates should hold nearly every one.
        var row = Assert.Single(output.ToString().Split('\n'), line => line.StartsWith("| 300 |", StringComparison.Ordinal));
        var columns = row.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("5 of 18 lists", columns[4]);
        Assert.InRange(double.Parse(columns[^2], CultureInfo.InvariantCulture), 0.9, 1.0);
        Assert.Contains("vector index used: True", output.ToString(), StringComparison.Ordinal);
    }
}
