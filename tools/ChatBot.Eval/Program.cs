using ChatBot.Eval;

var arguments = EvalArguments.Parse(args);
if (arguments is null)
{
    Console.Error.WriteLine(EvalArguments.Usage);
    return 2;
}

await Evaluation.RunAsync(arguments, Console.Out);
return 0;
