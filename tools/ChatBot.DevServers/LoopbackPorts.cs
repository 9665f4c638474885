using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ChatBot.DevServers;

public static class LoopbackPorts
{
    private const int LowestPort = 10_000;

    /// <summary>
    /// A loopback port that is free right now and that the kernel never hands to an outgoing connection: it lies below
    /// the ephemeral range. A port from that range (what binding port 0 returns) can be taken by any client socket in
    /// the moment between picking it and the server binding it, or while a crashed server restarts on it.
    /// </summary>
    public static int Free()
    {
        var ephemeralStart = EphemeralRangeStart();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(LowestPort, ephemeralStart);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {LowestPort} and {ephemeralStart}.");
    }

    private static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Linux's first ephemeral port (32768 by default), from /proc; that default elsewhere.</summary>
    private static int EphemeralRangeStart()
    {
        const string rangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(rangeFile)
            && int.TryParse(File.ReadAllText(rangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && start > LowestPort + 1_000)
        {
            return start;
        }

        return 32_768;
    }
}
