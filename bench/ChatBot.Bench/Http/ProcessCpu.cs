using System.Globalization;

namespace ChatBot.Bench.Http;

/// <summary>User plus system CPU time processes have used so far, from /proc (Linux).</summary>
public static class ProcessCpu
{
    public static TimeSpan Of(int processId) => Parse(File.ReadAllText($"/proc/{processId}/stat")).Cpu;

    /// <summary>
    /// Every running process with this command name together ("postgres": the server and all its backends;
    /// "redis-server"). A process that ended meanwhile no longer counts, so compare pools that stay up.
    /// </summary>
    public static TimeSpan OfAll(string command)
    {
        var total = TimeSpan.Zero;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out _))
            {
                continue;
            }

            try
            {
                var (name, cpu) = Parse(File.ReadAllText(Path.Combine(directory, "stat")));
                total += name == command ? cpu : TimeSpan.Zero;
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return total;
    }

    private static (string Command, TimeSpan Cpu) Parse(string stat)
    {
        // "pid (comm) state ...": the command name may hold spaces, hence the last ')'; utime and stime are the 12th and
        // 13th fields after it.
        var command = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (command, TimeSpan.FromSeconds(ticks / 100.0));
    }
}
