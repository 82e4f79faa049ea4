using System.Net;
using System.Net.Sockets;

namespace DynamoFS.DynamoDb.Local;

/// <summary>Picks a free TCP port on 127.0.0.1 by letting the kernel choose one.</summary>
internal static class LoopbackPort
{
    /// <summary>
    /// The port is free when we return, but another process may take it before the JVM binds it;
    /// the runner retries its start on that (rare) race.
    /// </summary>
    public static int PickFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
