namespace ChatBot.Bench.Chat;

/// <summary>Command line of the chat-turn benchmark (<c>bench/chat-load.sh</c>).</summary>
public sealed record ChatLoadArguments(IReadOnlyList<int> Rates, int Seconds, int WarmupSeconds, int Faqs = 77, string? ProfileDirectory = null)
{
    public const string Usage = """
        usage: ChatBot.Bench chat [--rates 20,50,100] [--seconds 10] [--warmup 5] [--faqs 77] [--profile DIR]
          Starts its own PostgreSQL and Redis and the Release Api with the local provider, adds the banking77 FAQs (the
          first --faqs of them) as an admin, then sends chat turns (POST /api/v1/chat/send, JSON answer) from ten accounts at each fixed rate,
          open loop: a turn starts on schedule whether or not the earlier ones have finished, and its latency counts
          from its scheduled start. Prints p50/p95/p99 and the achieved rate per target rate.
          --profile DIR: also trace the Api during each rate's run (as bench/http.sh --profile does).
        """;

    public static ChatLoadArguments? Parse(IReadOnlyList<string> args) =>
        BenchOptions.Parse(args, new ChatLoadArguments([20, 50, 100], 10, 5), (arguments, name, value) =>
            name == "--rates" ? WithRates(arguments, value)
            : name == "--profile" ? arguments with { ProfileDirectory = Path.GetFullPath(value) }
            : BenchOptions.Positive(value) is not { } number ? null
            : name switch
            {
                "--seconds" => arguments with { Seconds = number },
                "--warmup" => arguments with { WarmupSeconds = number },
                "--faqs" => arguments with { Faqs = number },
                _ => null,
            });

    private static ChatLoadArguments? WithRates(ChatLoadArguments arguments, string value)
    {
        var rates = value.Split(',').Select(BenchOptions.Positive).ToList();
        return rates.All(rate => rate is not null) ? arguments with { Rates = [.. rates.Select(rate => rate!.Value)] } : null;
    }
}
