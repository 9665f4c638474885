using System.Net;
using System.Net.Sockets;

namespace ChatBot.DevServers;

public static class LoopbackPorts
{
    /// <summary>A loopback port the OS considers free right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
