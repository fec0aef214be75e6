using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace ReEngage.Gateway.Hosting;

/// <summary>
/// The addresses a person can open for a URL the gateway listens on: under systemd it listens on
/// http://0.0.0.0:5080, which no browser opens, so the console names the machine and its interfaces' addresses.
/// </summary>
internal static class ReachableAddresses
{
    /// <summary>
    /// For a wildcard host (0.0.0.0, [::], +, *): the host name, then each non-loopback address; IPv6 ones only when
    /// listening on [::] or a wildcard that includes it, link-local ones never (they need a zone to be opened).
    /// Any other URL is returned as it is.
    /// </summary>
    public static IReadOnlyList<string> Of(string url, string hostName, IEnumerable<IPAddress> interfaces)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(interfaces);
        var match = System.Text.RegularExpressions.Regex.Match(url, @"^(?<scheme>https?)://(?<host>0\.0\.0\.0|\[::\]|\+|\*)(?<port>:\d+)?(?<path>/.*)?$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (!match.Success)
        {
            return [url.TrimEnd('/')];
        }

        var prefix = match.Groups["scheme"].Value + "://";
        var rest = match.Groups["port"].Value + match.Groups["path"].Value.TrimEnd('/');
        var ipv6 = match.Groups["host"].Value != "0.0.0.0";
        var urls = new List<string>();
        if (!string.IsNullOrWhiteSpace(hostName) && !string.Equals(hostName, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            urls.Add(prefix + hostName + rest);
        }

        foreach (var address in interfaces.Where(a => !IPAddress.IsLoopback(a)).Distinct())
        {
            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                urls.Add(prefix + address + rest);
            }
            else if (ipv6 && address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv6LinkLocal && !address.IsIPv4MappedToIPv6)
            {
                urls.Add(prefix + "[" + address + "]" + rest);
            }
        }

        // No network yet (a box started without its cable): at least the machine itself can open this.
        return urls.Count > 0 ? urls : [prefix + "localhost" + rest];
    }

    /// <summary>The unicast addresses of the interfaces that are up.</summary>
    public static IEnumerable<IPAddress> InterfaceAddresses()
    {
        try
        {
            return [.. NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(u => u.Address))];
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
