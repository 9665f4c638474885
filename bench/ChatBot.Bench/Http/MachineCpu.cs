using System.Globalization;

namespace ChatBot.Bench.Http;

/// <summary>CPU time every core of the machine has spent busy so far (all processes, the kernel included), from /proc (Linux).</summary>
public static class MachineCpu
{
    /// <summary>user, nice, system, irq, softirq and steal in "cpu  user nice system idle iowait irq softirq steal ...".</summary>
    private static readonly int[] BusyFields = [1, 2, 3, 6, 7, 8];

    public static TimeSpan Busy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = BusyFields.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
