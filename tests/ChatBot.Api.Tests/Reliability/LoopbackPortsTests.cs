using System.Net;
using System.Net.Sockets;
using ChatBot.DevServers;

namespace ChatBot.Api.Tests.Reliability;

/// <summary>
/// The throw-away servers' ports must not be ones the kernel lends to client sockets, or a test's own connections can
/// take a port between picking it and the server binding it (CI saw PostgreSQL fail with "Address already in use").
/// </summary>
public sealed class LoopbackPortsTests
{
    [Fact]
    public void A_free_port_lies_below_the_ephemeral_range_and_can_be_bound()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], System.Globalization.CultureInfo.InvariantCulture);

        for (var i = 0; i < 50; i++)
        {
            var port = LoopbackPorts.Free();

            Assert.InRange(port, 1024, ephemeralStart - 1);
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }
}
