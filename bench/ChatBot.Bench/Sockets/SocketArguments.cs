using System.Globalization;

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

    public static SocketArguments? Parse(IReadOnlyList<string> args)
    {
        var result = new SocketArguments(10_000, 30, 100);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                return null;
            }

            result = args[i] switch
            {
                "--sockets" => result with { Sockets = value },
                "--hold" => result with { HoldSeconds = value },
                "--concurrency" => result with { Concurrency = value },
                _ => null,
            };
            if (result is null)
            {
                return null;
            }
        }

        return result;
    }
}
