using ChatBot.Bench;
using ChatBot.Bench.Http;
using ChatBot.Bench.Sockets;

// `ChatBot.Bench http ...` measures the HTTP path, `ChatBot.Bench ws ...` held chat sockets; anything else is the FAQ
// search benchmark (bench/faq-search.sh).
if (args is ["http", .. var httpArgs])
{
    if (HttpArguments.Parse(httpArgs) is not { } http)
    {
        Console.Error.WriteLine(HttpArguments.Usage);
        return 2;
    }

    await HttpBenchmark.RunAsync(http, Console.Out);
    return 0;
}

if (args is ["ws", .. var socketArgs])
{
    if (SocketArguments.Parse(socketArgs) is not { } sockets)
    {
        Console.Error.WriteLine(SocketArguments.Usage);
        return 2;
    }

    await SocketBenchmark.RunAsync(sockets, Console.Out);
    return 0;
}

var arguments = FaqSearchArguments.Parse(args);
if (arguments is null)
{
    Console.Error.WriteLine(FaqSearchArguments.Usage);
    return 2;
}

await FaqSearchBenchmark.RunAsync(arguments, Console.Out);
return 0;
