using ChatBot.Bench;
using ChatBot.Bench.Chat;
using ChatBot.Bench.Http;
using ChatBot.Bench.Sockets;

// `ChatBot.Bench http ...` measures the HTTP path, `ws ...` held chat sockets, `chat ...` chat turns at fixed rates;
// anything else is the FAQ search benchmark (bench/faq-search.sh).
return args switch
{
    ["http", .. var rest] => await RunAsync(HttpArguments.Parse(rest), HttpArguments.Usage, http => HttpBenchmark.RunAsync(http, Console.Out)),
    ["ws", .. var rest] => await RunAsync(SocketArguments.Parse(rest), SocketArguments.Usage, ws => SocketBenchmark.RunAsync(ws, Console.Out)),
    ["chat", .. var rest] => await RunAsync(ChatLoadArguments.Parse(rest), ChatLoadArguments.Usage, chat => ChatLoadBenchmark.RunAsync(chat, Console.Out)),
    _ => await RunAsync(FaqSearchArguments.Parse(args), FaqSearchArguments.Usage, search => FaqSearchBenchmark.RunAsync(search, Console.Out)),
};

// Exit code 2 and the usage for arguments that did not parse.
static async Task<int> RunAsync<TArguments>(TArguments? arguments, string usage, Func<TArguments, Task> run) where TArguments : class
{
    if (arguments is null)
    {
        await Console.Error.WriteLineAsync(usage);
        return 2;
    }

    await run(arguments);
    return 0;
}
