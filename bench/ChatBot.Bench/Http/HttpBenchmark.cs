using System.Globalization;
using ChatBot.DevServers;

namespace ChatBot.Bench.Http;

/// <summary>
/// Requests per second of the Api's cheapest and most common paths against a bare Kestrel JSON endpoint, all loaded
/// by the same wrk settings in one run; prints a Markdown table for docs/benchmarks.md.
/// </summary>
public static class HttpBenchmark
{
    public static async Task<HttpBenchmarkResult> RunAsync(HttpArguments arguments, TextWriter output, CancellationToken cancellationToken = default)
    {
        await using var servers = await ServerEnvironment.StartAsync(null, null, "chatbot_bench_http");
        await using var bare = await BareKestrel.StartAsync(LoopbackPorts.Free());
        var sinkPort = LoopbackPorts.Free();
        await using var sink = arguments.Telemetry ? await OtlpSink.StartAsync(sinkPort) : null;
        await using var api = await ApiProcess.StartAsync(servers.DatabaseConnectionString, servers.RedisConnectionString,
            arguments.Telemetry ? $"http://127.0.0.1:{sinkPort}" : null, cancellationToken);
        var token = await api.SignInAsync(cancellationToken);
        await using var floor = await BareRoundTrips.StartAsync(LoopbackPorts.Free(), servers.DatabaseConnectionString,
            servers.RedisConnectionString, await api.UserIdAsync(token, cancellationToken));

        var targets = new (string Name, Uri Url, string? Bearer, int? ProcessId)[]
        {
            ("bare Kestrel JSON (the reference)", new Uri(bare.Urls.First() + "/json"), null, null),
            ("bare Kestrel + one Redis script + one PostgreSQL query (the floor)", new Uri(floor.Url), null, Environment.ProcessId),
            ("`GET /alive`", new Uri(api.Address, "/alive"), null, api.ProcessId),
            ("`GET /api/v1/users/me`, bearer token", new Uri(api.Address, "/api/v1/users/me"), token, api.ProcessId),
            ("`GET /api/v1/conversations`, bearer token", new Uri(api.Address, "/api/v1/conversations"), token, api.ProcessId),
        };

        var rows = new List<HttpResultRow>();
        foreach (var (name, url, bearer, processId) in targets)
        {
            // JIT tiering and connection pools settle during the warm-up; only the second run counts.
            await WrkRun.RunAsync(url.ToString(), arguments.WarmupSeconds, arguments.Connections, bearer, cancellationToken);
            var profile = processId is { } traced && arguments.ProfileDirectory is { } directory
                ? await ApiProfiler.StartAsync(traced, directory, $"{rows.Count}-{new string([.. name.Where(char.IsLetterOrDigit)])}", arguments.Seconds, cancellationToken)
                : Task.CompletedTask;
            var (cpuBefore, machineBefore) = (processId is { } before ? ProcessCpu.Of(before) : TimeSpan.Zero, MachineCpu.Busy());
            var (postgresBefore, redisBefore) = (ProcessCpu.OfAll("postgres"), ProcessCpu.OfAll("redis-server"));
            var run = await WrkRun.RunAsync(url.ToString(), arguments.Seconds, arguments.Connections, bearer, cancellationToken);
            var cpu = processId is { } after ? ProcessCpu.Of(after) - cpuBefore : (TimeSpan?)null;
            var machine = MachineCpu.Busy() - machineBefore;
            var (postgres, redis) = (ProcessCpu.OfAll("postgres") - postgresBefore, ProcessCpu.OfAll("redis-server") - redisBefore);
            var requests = Math.Max(1, run.Requests);
            rows.Add(new HttpResultRow(name, run, rows.Count == 0 ? 1 : run.RequestsPerSecond / rows[0].Run.RequestsPerSecond,
                cpu is { } used && run.Requests > 0 ? used.TotalMilliseconds / requests : null, machine.TotalMilliseconds / requests,
                postgres.TotalMilliseconds / requests, redis.TotalMilliseconds / requests));
            await profile;
        }

        await output.WriteLineAsync($"wrk -t1 -c{arguments.Connections} -d{arguments.Seconds}s (after {arguments.WarmupSeconds} s of warm-up each); " +
                                    $"telemetry export {(arguments.Telemetry ? "on (OTLP/HTTP to a sink)" : "off")}; {Environment.ProcessorCount} cores");
        await output.WriteLineAsync();
        await output.WriteLineAsync("| what | requests/s | share of bare | p50 ms | p99 ms | Api (or floor) CPU ms per request | PostgreSQL CPU ms per request | Redis CPU ms per request | machine CPU ms per request | non-2xx |");
        await output.WriteLineAsync("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Name} | {row.Run.RequestsPerSecond:N0} | {row.ShareOfBare:P1} | {row.Run.P50Ms:F2} | {row.Run.P99Ms:F2} | {(row.CpuMsPerRequest is { } ms ? ms.ToString("F3", CultureInfo.InvariantCulture) : "-")} | {row.PostgresCpuMsPerRequest:F3} | {row.RedisCpuMsPerRequest:F3} | {row.MachineCpuMsPerRequest:F3} | {row.Run.Failed} |"));
        }

        if (sink is not null)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync($"OTLP export requests received from the Api: {sink.Exports}");
        }

        return new HttpBenchmarkResult(rows, sink?.Exports);
    }
}

/// <param name="OtlpExports">Export requests the sink received, when telemetry export was on.</param>
public sealed record HttpBenchmarkResult(IReadOnlyList<HttpResultRow> Rows, int? OtlpExports);

/// <summary>
/// One measured path: wrk's figures, its share of the bare reference, the Api's CPU per request, and every core's busy
/// time per request (the Api or bare endpoint, PostgreSQL, Redis and wrk together: what a request costs the machine),
/// with PostgreSQL's and Redis's parts of it.
/// </summary>
public sealed record HttpResultRow(
    string Name, WrkRun Run, double ShareOfBare, double? CpuMsPerRequest, double MachineCpuMsPerRequest, double PostgresCpuMsPerRequest, double RedisCpuMsPerRequest);
