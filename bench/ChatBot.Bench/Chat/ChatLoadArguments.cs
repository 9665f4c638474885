using System.Globalization;

namespace ChatBot.Bench.Chat;

/// <summary>Command line of the chat-turn benchmark (<c>bench/chat-load.sh</c>).</summary>
public sealed record ChatLoadArguments(IReadOnlyList<int> Rates, int Seconds, int WarmupSeconds, int Faqs = 77)
{
    public const string Usage = """
        usage: ChatBot.Bench chat [--rates 20,50,100] [--seconds 10] [--warmup 5] [--faqs 77]
          Starts its own PostgreSQL and Redis and the Release Api with the local provider, adds the banking77 FAQs (the
          first --faqs of them) as an admin, then sends chat turns (POST /api/v1/chat/send, JSON answer) from ten accounts at each fixed rate,
          open loop: a turn starts on schedule whether or not the earlier ones have finished, and its latency counts
          from its scheduled start. Prints p50/p95/p99 and the achieved rate per target rate.
        """;

    public static ChatLoadArguments? Parse(IReadOnlyList<string> args)
    {
        var result = new ChatLoadArguments([20, 50, 100], 10, 5);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                return null;
            }

            if (args[i] == "--rates")
            {
                var rates = args[i + 1].Split(',').Select(r => int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var rate) ? rate : 0).ToList();
                if (rates.Count == 0 || rates.Any(r => r < 1))
                {
                    return null;
                }

                result = result with { Rates = rates };
                continue;
            }

            if (!int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                return null;
            }

            result = args[i] switch
            {
                "--seconds" => result with { Seconds = value },
                "--warmup" => result with { WarmupSeconds = value },
                "--faqs" => result with { Faqs = value },
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
