using System.Diagnostics;
using System.Text;
using ChatBot.DevServers;

namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>
/// The Worker as a process of its own (the build in this test's output folder), for tests about a Worker that dies:
/// <see cref="Kill"/> ends it at once, as a crash or an evicted container would, with no chance to clean up.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            // The Worker's own folder, so it reads its own appsettings.json.
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "ChatBot.Worker"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ChatBot.Worker.dll"));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        _process = new Process { StartInfo = startInfo };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(ApiFixture fixture, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(TestWorker.Arguments(fixture.Postgres.ConnectionString, fixture.Redis.ConnectionString, settings));

    /// <summary>SIGKILL: no shutdown hooks, no lease released, no transaction finished.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
