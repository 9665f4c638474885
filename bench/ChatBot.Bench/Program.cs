using ChatBot.Bench;
using ChatBot.Bench.Chat;
using ChatBot.Bench.Http;
using ChatBot.Bench.Sockets;

// `ChatBot.Bench http ...` measures the HTTP path, `ws ...` held chat sockets, `chat ...` chat turns at fixed rates;
// anything else is the FAQ search benchmark (bench/faq-search.sh).
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

if (args is ["chat", .. var chatArgs])
{
    if (ChatLoadArguments.Parse(chatArgs) is not { } chat)
    {
        Console.Error.WriteLine(ChatLoadArguments.Usage);
        return 2;
    }

    await ChatLoadBenchmark.RunAsync(chat, Console.Out);
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
