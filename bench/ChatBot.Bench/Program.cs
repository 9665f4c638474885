using ChatBot.Bench;

var arguments = FaqSearchArguments.Parse(args);
if (arguments is null)
{
    Console.Error.WriteLine(FaqSearchArguments.Usage);
    return 2;
}

await FaqSearchBenchmark.RunAsync(arguments, Console.Out);
return 0;
