using System.Globalization;

namespace ChatBot.Bench.Http;

/// <summary>User plus system CPU time a process has used so far, from /proc (Linux).</summary>
public static class ProcessCpu
{
    public static TimeSpan Of(int processId)
    {
        // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are the 12th and 13th.
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
