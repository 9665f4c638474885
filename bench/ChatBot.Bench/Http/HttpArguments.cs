using System.Globalization;

namespace ChatBot.Bench.Http;

/// <summary>Command line of the HTTP benchmark (<c>bench/http.sh</c>).</summary>
public sealed record HttpArguments(int Seconds, int WarmupSeconds, int Connections, bool Telemetry, string? ProfileDirectory = null)
{
    public const string Usage = """
        usage: ChatBot.Bench http [--seconds 10] [--warmup 10] [--connections 64] [--telemetry] [--profile DIR]
          Starts its own PostgreSQL and Redis, a bare Kestrel JSON server (the reference) and the Release Api, then
          loads each with wrk (one thread, the given connections) and prints requests per second as a ratio of bare.
          --telemetry: the Api exports traces and metrics over OTLP to a sink in this process (as shipped under
                       Aspire); without it, export is off.
          --profile DIR: also trace the Api during each measured run (dotnet-trace, sampled thread time) into DIR,
                       with the top methods by inclusive and exclusive samples next to each trace.
        """;

    public static HttpArguments? Parse(IReadOnlyList<string> args)
    {
        var result = new HttpArguments(10, 10, 64, Telemetry: false);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--telemetry")
            {
                result = result with { Telemetry = true };
                continue;
            }

            if (args[i] == "--profile" && i + 1 < args.Count)
            {
                result = result with { ProfileDirectory = Path.GetFullPath(args[++i]) };
                continue;
            }

            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                return null;
            }

            result = args[i++] switch
            {
                "--seconds" => result with { Seconds = value },
                "--warmup" => result with { WarmupSeconds = value },
                "--connections" => result with { Connections = value },
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
