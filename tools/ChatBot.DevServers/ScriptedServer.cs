using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChatBot.DevServers;

/// <summary>
/// A server started from one of the repository's <c>scripts/local-*.sh</c> (the same scripts the AppHost runs),
/// stopped with SIGTERM on dispose. Output is kept for error messages.
/// </summary>
public abstract class ScriptedServer : IAsyncDisposable
{
    private readonly ProcessStartInfo _startInfo;
    private readonly string _readyLine;
    private readonly StringBuilder _output = new();
    private Process _process;

    /// <param name="readyLine">What the script prints once the server accepts clients.</param>
    protected ScriptedServer(string script, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string readyLine)
    {
        _readyLine = readyLine;
        _startInfo = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _startInfo.ArgumentList.Add(Path.Combine(RepositoryPaths.Scripts, script));
        foreach (var argument in arguments)
        {
            _startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            _startInfo.Environment[name] = value;
        }

        _process = Launch();
    }

    private Process Launch()
    {
        var process = new Process { StartInfo = _startInfo };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
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

    protected bool HasExited => _process.HasExited;

    /// <summary>Waits until the script has printed its ready line, the process dies, or the timeout passes.</summary>
    protected async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{GetType().Name} exited with {_process.ExitCode}:\n{Output}");
            }

            if (Output.Contains(_readyLine, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{GetType().Name} was not ready after {timeout}:\n{Output}");
    }

    /// <summary>
    /// Crashes the server: SIGKILL to its whole process tree, no shutdown of any kind (what is only in memory is
    /// gone). <see cref="StartAgainAsync"/> brings it back on the same port and data. For fault-injection tests.
    /// </summary>
    public async Task KillAsync()
    {
        Signal("KILL", ProcessTree(_process.Id));
        await _process.WaitForExitAsync();
    }

    /// <summary>Starts a killed server again with the same port, password and data folder, and waits until it is ready.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited)
        {
            throw new InvalidOperationException($"{GetType().Name} is still running.");
        }

        _process.Dispose();
        lock (_output)
        {
            _output.Clear();
        }

        _process = Launch();
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>
    /// Freezes the server (SIGSTOP to its whole process tree) until the result is disposed: its sockets stay open but
    /// nothing answers, like a hung host. For fault-injection tests.
    /// </summary>
    public IDisposable Pause()
    {
        var processes = ProcessTree(_process.Id);
        Signal("STOP", processes);
        return new Resumption(() => Signal("CONT", processes));
    }

    private static List<int> ProcessTree(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && TryReadParent(directory) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        }

        return tree;
    }

    /// <summary>The parent pid from /proc/PID/stat ("pid (name) state ppid ..."; the name may hold spaces).</summary>
    private static int? TryReadParent(string directory)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(directory, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void Signal(string signal, IEnumerable<int> processes)
    {
        using var kill = Process.Start("kill", [$"-{signal}", .. processes.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        kill.WaitForExit();
    }

    private sealed class Resumption(Action resume) : IDisposable
    {
        public void Dispose() => resume();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The scripts trap TERM and shut their server down cleanly.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        await DisposeCoreAsync();
        GC.SuppressFinalize(this);
    }

    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    protected static int FreePort() => LoopbackPorts.Free();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
