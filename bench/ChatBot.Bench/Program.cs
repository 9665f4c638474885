using ChatBot.Bench;
using ChatBot.Bench.Http;

// `ChatBot.Bench http ...` measures the HTTP path; anything else is the FAQ search benchmark (bench/faq-search.sh).
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

var arguments = FaqSearchArguments.Parse(args);
if (arguments is null)
{
    Console.Error.WriteLine(FaqSearchArguments.Usage);
    return 2;
}

await FaqSearchBenchmark.RunAsync(arguments, Console.Out);
return 0;
