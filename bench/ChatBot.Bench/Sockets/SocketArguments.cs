namespace ChatBot.Bench.Sockets;

/// <summary>Command line of the WebSocket benchmark (<c>bench/ws.sh</c>).</summary>
public sealed record SocketArguments(int Sockets, int HoldSeconds, int Concurrency)
{
    public const string Usage = """
        usage: ChatBot.Bench ws [--sockets 10000] [--hold 30] [--concurrency 100]
          Starts its own PostgreSQL and Redis and the Release Api, signs in one account per thousand sockets, opens the
          chat sockets (at most --concurrency handshakes at a time), holds them idle for --hold seconds, then checks
          that each still answers a ping. Prints the Api's memory before and after, per socket.
        """;

    public static SocketArguments? Parse(IReadOnlyList<string> args) =>
        BenchOptions.Parse(args, new SocketArguments(10_000, 30, 100), (arguments, name, value) =>
            BenchOptions.Positive(value) is not { } number ? null : name switch
            {
                "--sockets" => arguments with { Sockets = number },
                "--hold" => arguments with { HoldSeconds = number },
                "--concurrency" => arguments with { Concurrency = number },
                _ => null,
            });
}
