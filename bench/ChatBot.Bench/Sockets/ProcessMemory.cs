using System.Globalization;

namespace ChatBot.Bench.Sockets;

/// <summary>A process's resident and proportional set sizes, from /proc (Linux).</summary>
public sealed record ProcessMemory(long RssKb, long PssKb)
{
    public static ProcessMemory Of(int processId)
    {
        long Field(string name) => File.ReadLines($"/proc/{processId}/smaps_rollup")
            .Where(line => line.StartsWith(name + ":", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture))
            .First();
        return new ProcessMemory(Field("Rss"), Field("Pss"));
    }
}
