using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using ChatBot.Bench.Http;
using ChatBot.DevServers;

namespace ChatBot.Bench.Sockets;

/// <summary>
/// How many idle chat sockets one Api holds and what each costs it in memory: opens them, holds them, then pings each
/// one. Prints a Markdown table for docs/benchmarks.md.
/// </summary>
public static class SocketBenchmark
{
    /// <summary>The most sockets the Api's settings let one user hold; more sockets take more accounts.</summary>
    private const int SocketsPerAccount = 1000;

    public static async Task<SocketBenchmarkResult> RunAsync(SocketArguments arguments, TextWriter output, CancellationToken cancellationToken = default)
    {
        await using var servers = await ServerEnvironment.StartAsync(null, null, "chatbot_bench_ws");
        await using var api = await ApiProcess.StartAsync(servers.DatabaseConnectionString, servers.RedisConnectionString, null, cancellationToken,
            new Dictionary<string, string>
            {
                ["Chat__MaxSocketsPerUser"] = SocketsPerAccount.ToString(CultureInfo.InvariantCulture),
                // Held sockets send nothing: they must outlive the hold without being closed as idle.
                ["Chat__IdleTimeoutSeconds"] = Math.Max(300, arguments.HoldSeconds + 120).ToString(CultureInfo.InvariantCulture),
            });
        var tokens = new List<string>();
        for (var i = 0; i < (arguments.Sockets + SocketsPerAccount - 1) / SocketsPerAccount; i++)
        {
            tokens.Add(await api.SignInAsync(cancellationToken));
        }

        var endpoint = ChatSockets.Endpoint(api.Address);
        // The socket path's code is compiled and its pools are made before the baseline, so they are not counted per socket.
        ChatSockets.AbortAll(await OpenAsync(endpoint, tokens, 20, arguments.Concurrency, cancellationToken));
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var before = ProcessMemory.Of(api.ProcessId);

        var opening = Stopwatch.StartNew();
        var sockets = await OpenAsync(endpoint, tokens, arguments.Sockets, arguments.Concurrency, cancellationToken);
        opening.Stop();
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var open = ProcessMemory.Of(api.ProcessId);

        await Task.Delay(TimeSpan.FromSeconds(arguments.HoldSeconds), cancellationToken);
        var answered = await PingAllAsync(sockets, arguments.Concurrency, cancellationToken);
        var held = ProcessMemory.Of(api.ProcessId);
        ChatSockets.AbortAll(sockets);

        var result = new SocketBenchmarkResult(arguments.Sockets, sockets.Count, answered, opening.Elapsed, before, open, held);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{arguments.Sockets:N0} chat sockets on one Api, {tokens.Count} accounts, at most {arguments.Concurrency} handshakes at a time, held idle {arguments.HoldSeconds} s; {Environment.ProcessorCount} cores"));
        await output.WriteLineAsync();
        await output.WriteLineAsync("| what | value |");
        await output.WriteLineAsync("| --- | --- |");
        foreach (var (what, value) in result.Rows())
        {
            await output.WriteLineAsync($"| {what} | {value} |");
        }

        return result;
    }

    private static Task<List<ClientWebSocket>> OpenAsync(Uri endpoint, List<string> tokens, int count, int concurrency, CancellationToken cancellationToken) =>
        ChatSockets.OpenAsync(endpoint, index => tokens[index / SocketsPerAccount], count, concurrency, cancellationToken);

    /// <summary>Sends each socket a ping and counts the pongs: a socket the Api dropped cannot answer.</summary>
    private static async Task<int> PingAllAsync(List<ClientWebSocket> sockets, int concurrency, CancellationToken cancellationToken)
    {
        var ping = Encoding.UTF8.GetBytes("""{"type":"ping"}""");
        var answered = 0;
        await Parallel.ForEachAsync(sockets, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (socket, ct) =>
            {
                try
                {
                    await socket.SendAsync(ping, WebSocketMessageType.Text, endOfMessage: true, ct);
                    if (ChatSockets.TypeOf(await ChatSockets.ReceiveFrameAsync(socket, ct)) == "pong")
                    {
                        Interlocked.Increment(ref answered);
                    }
                }
                catch (Exception exception) when (exception is WebSocketException or TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
                {
                }
            });
        return answered;
    }
}

/// <param name="Answered">Sockets that answered a ping after the hold.</param>
/// <param name="Before">The Api's memory with no socket open (after a warm-up batch was opened and closed).</param>
/// <param name="Open">Right after every socket was open and ready.</param>
/// <param name="Held">After the hold and the pings.</param>
public sealed record SocketBenchmarkResult(
    int Requested, int Opened, int Answered, TimeSpan OpenTime, ProcessMemory Before, ProcessMemory Open, ProcessMemory Held)
{
    public int Dropped => Opened - Answered;

    /// <summary>What each held socket cost the Api, from the growth of its proportional set size.</summary>
    public double PssKbPerSocket => Opened == 0 ? 0 : (double)(Held.PssKb - Before.PssKb) / Opened;

    public IEnumerable<(string What, string Value)> Rows()
    {
        var invariant = CultureInfo.InvariantCulture;
        yield return ("sockets opened and ready", string.Create(invariant, $"{Opened:N0} of {Requested:N0}"));
        yield return ("time to open them", string.Create(invariant, $"{OpenTime.TotalSeconds:F1} s ({Opened / Math.Max(OpenTime.TotalSeconds, 0.001):N0} per second)"));
        yield return ("answered a ping after the hold", string.Create(invariant, $"{Answered:N0} (dropped: {Dropped:N0})"));
        yield return ("Api PSS / RSS with no socket", string.Create(invariant, $"{Before.PssKb / 1024.0:N0} / {Before.RssKb / 1024.0:N0} MB"));
        yield return ("Api PSS / RSS with all open", string.Create(invariant, $"{Open.PssKb / 1024.0:N0} / {Open.RssKb / 1024.0:N0} MB"));
        yield return ("Api PSS / RSS after the hold", string.Create(invariant, $"{Held.PssKb / 1024.0:N0} / {Held.RssKb / 1024.0:N0} MB"));
        yield return ("Api memory per held socket (PSS growth)", string.Create(invariant, $"{PssKbPerSocket:N1} KB"));
    }
}
