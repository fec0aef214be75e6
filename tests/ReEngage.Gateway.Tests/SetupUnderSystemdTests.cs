using System.Net;
using System.Text.RegularExpressions;
using ReEngage.Gateway.Hosting;

namespace ReEngage.Gateway.Tests;

/// <summary>A technician starting the gateway as the unit does (listening on 0.0.0.0) before anyone set it up.</summary>
public sealed partial class SetupUnderSystemdTests
{
    [Fact]
    public async Task TheSetupLine_NamesTheMachine_NotTheWildcard_AndARestartPrintsTheSameCode()
    {
        var data = Directory.CreateTempSubdirectory("reengage-setup-").FullName;
        try
        {
            var port = GatewayProcess.FreePort();
            string[] settings = [$"--urls=http://0.0.0.0:{port}", "--Gateway:Simulation:Modems=1"];
            string first;
            using (var gateway = await GatewayProcess.StartAsync(data, port, settings))
            {
                var line = await SetupLineAsync(gateway);
                Assert.DoesNotContain("0.0.0.0", line, StringComparison.Ordinal);
                Assert.Contains($"http://{Dns.GetHostName()}:{port}/setup", line, StringComparison.Ordinal);
                first = Code().Match(line).Value;
                Assert.Equal(first, File.ReadAllText(Path.Combine(data, "setup-code")).Trim());
            }

            using (var restarted = await GatewayProcess.StartAsync(data, port, settings))
            {
                Assert.Equal(first, Code().Match(await SetupLineAsync(restarted)).Value);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void AWildcardAddress_BecomesTheHostNameAndEachInterfaceAddress()
    {
        IPAddress[] interfaces = [IPAddress.Parse("192.168.1.20"), IPAddress.Loopback, IPAddress.Parse("fe80::1"), IPAddress.Parse("2001:db8::20")];

        Assert.Equal(["http://pi:5080", "http://192.168.1.20:5080"], ReachableAddresses.Of("http://0.0.0.0:5080", "pi", interfaces));
        Assert.Equal(["http://pi:5080", "http://192.168.1.20:5080", "http://[2001:db8::20]:5080"], ReachableAddresses.Of("http://[::]:5080", "pi", interfaces));
        Assert.Equal(["http://localhost:5080"], ReachableAddresses.Of("http://localhost:5080", "pi", interfaces));
        Assert.Equal(["http://localhost:5080"], ReachableAddresses.Of("http://0.0.0.0:5080", "localhost", [IPAddress.Loopback]));
    }

    private static async Task<string> SetupLineAsync(GatewayProcess gateway)
    {
        for (var i = 0; i < 100; i++)
        {
            if (gateway.Output.Split('\n').FirstOrDefault(l => l.StartsWith("First start:", StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException("No setup line in:\n" + gateway.Output);
    }

    [GeneratedRegex(@"\b\d{4}-\d{4}\b")]
    private static partial Regex Code();
}
