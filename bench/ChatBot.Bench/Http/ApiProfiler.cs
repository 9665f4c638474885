using System.Diagnostics;

namespace ChatBot.Bench.Http;

/// <summary>
/// dotnet-trace (a local tool in dotnet-tools.json) sampling the Api's stacks while one measured run loads it,
/// then the top methods by inclusive and exclusive samples written next to the trace.
/// </summary>
public static class ApiProfiler
{
    public static async Task<Task> StartAsync(int processId, string directory, string name, int seconds, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var trace = Path.Combine(directory, $"{name}.nettrace");
        // perf_events samples CPU time (what a request costs); without root, EventPipe samples thread time (waits too).
        string[] collector = Environment.IsPrivilegedProcess
            ? ["collect-linux", "--profile", "cpu-sampling"]
            : ["collect", "--profile", "dotnet-sampled-thread-time"];
        var collect = Run(["dotnet-trace", .. collector, "-p", processId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--duration", TimeSpan.FromSeconds(seconds).ToString("c"), "-o", trace], cancellationToken);
        // The session needs a moment to attach before the load starts.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return ReportAfterAsync(collect, trace, cancellationToken);
    }

    private static async Task ReportAfterAsync(Task<string> collect, string trace, CancellationToken cancellationToken)
    {
        await collect;
        foreach (var (suffix, extra) in new[] { ("inclusive", "--inclusive"), ("exclusive", "") })
        {
            string[] arguments = ["dotnet-trace", "report", trace, "topN", "-n", "60", .. extra.Length > 0 ? new[] { extra } : []];
            await File.WriteAllTextAsync(Path.ChangeExtension(trace, $".top-{suffix}.txt"), await Run(arguments, cancellationToken), cancellationToken);
        }
    }

    private static async Task<string> Run(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = DevServers.RepositoryPaths.Root };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return await output + await errors;
    }
}
