using System.Globalization;
using DynamoFS.TestSupport;

namespace DynamoFS.DynamoDb.Tests.Local;

/// <summary>
/// DynamoDB Local accepts any credentials, so listening on a public interface would hand the
/// file systems to anyone on the network. Our launcher must bind loopback only.
/// </summary>
public sealed class LoopbackBindingTests
{
    [Fact]
    public async Task The_emulator_listens_on_loopback_only()
    {
        var server = await SharedTestDynamoDb.GetAsync();

        var listeners = ListeningAddresses(server.Port);

        Assert.NotEmpty(listeners);
        Assert.All(listeners, address => Assert.True(IsLoopback(address), $"listening on {address}, not loopback"));
    }

    /// <summary>Hex local addresses of LISTEN sockets on <paramref name="port"/>, from /proc/net/tcp and tcp6.</summary>
    private static List<string> ListeningAddresses(int port)
    {
        var found = new List<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // "  sl  local_address rem_address   st ..." with local_address = HEXADDR:HEXPORT, st 0A = LISTEN.
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                if (fields[3] == "0A" && int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    found.Add(local[0]);
                }
            }
        }
        return found;
    }

    // 127.0.0.1 as the kernel prints it (little-endian words), in IPv4 and IPv4-mapped IPv6 form, and ::1.
    private static bool IsLoopback(string hex) => hex is "0100007F"
        or "0000000000000000FFFF00000100007F"
        or "00000000000000000000000001000000";
}
