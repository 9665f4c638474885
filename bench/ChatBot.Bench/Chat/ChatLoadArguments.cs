namespace ChatBot.Bench.Chat;

/// <summary>Command line of the chat-turn benchmark (<c>bench/chat-load.sh</c>).</summary>
/// <param name="Sockets">Open sockets the WebSocket turns are spread over.</param>
/// <param name="ProviderStub">Answers come from an OpenAI-compatible stub that streams at once, not from the knowledge base.</param>
public sealed record ChatLoadArguments(
    IReadOnlyList<int> Rates, int Seconds, int WarmupSeconds, int Faqs = 77, string? ProfileDirectory = null,
    bool WebSocket = false, int Sockets = 1000, bool ProviderStub = false)
{
    public const string Usage = """
        usage: ChatBot.Bench chat [--rates 20,50,100] [--seconds 10] [--warmup 5] [--faqs 77] [--transport json|ws]
                                  [--sockets 1000] [--provider local|stub] [--profile DIR]
          Starts its own PostgreSQL and Redis and the Release Api, adds the banking77 FAQs (the first --faqs of them) as
          an admin, then sends chat turns from ten accounts at each fixed rate, open loop: a turn starts on schedule
          whether or not the earlier ones have finished, and its latency counts from its scheduled start. Prints
          p50/p95/p99 and the achieved rate per target rate.
          --transport json: POST /api/v1/chat/send with a JSON answer (the default). ws: message frames over --sockets
            open chat sockets, with the time to the first delta frame as well as to done.
          --provider local: answers from the knowledge base (the default). stub: from an OpenAI-compatible stub that
            streams at once; the same turns also go straight to the stub through the OpenAI client library, as the
            reference, so the time to first token the Api adds is known.
          --profile DIR: also trace the Api during each rate's run (as bench/http.sh --profile does).
        """;

    public static ChatLoadArguments? Parse(IReadOnlyList<string> args) =>
        BenchOptions.Parse(args, new ChatLoadArguments([20, 50, 100], 10, 5), (arguments, name, value) => name switch
        {
            "--rates" => WithRates(arguments, value),
            "--profile" => arguments with { ProfileDirectory = Path.GetFullPath(value) },
            "--transport" => value switch
            {
                "json" => arguments with { WebSocket = false },
                "ws" => arguments with { WebSocket = true },
                _ => null,
            },
            "--provider" => value switch
            {
                "local" => arguments with { ProviderStub = false },
                "stub" => arguments with { ProviderStub = true },
                _ => null,
            },
            _ => BenchOptions.Positive(value) is not { } number ? null : name switch
            {
                "--seconds" => arguments with { Seconds = number },
                "--warmup" => arguments with { WarmupSeconds = number },
                "--faqs" => arguments with { Faqs = number },
                "--sockets" => arguments with { Sockets = number },
                _ => null,
            },
        });

    private static ChatLoadArguments? WithRates(ChatLoadArguments arguments, string value)
    {
        var rates = value.Split(',').Select(BenchOptions.Positive).ToList();
        return rates.All(rate => rate is not null) ? arguments with { Rates = [.. rates.Select(rate => rate!.Value)] } : null;
    }
}
