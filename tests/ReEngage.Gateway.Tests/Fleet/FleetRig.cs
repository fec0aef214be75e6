using System.Net.Http.Headers;
using ReEngage.Gateway.Modem.Simulation;

namespace ReEngage.Gateway.Tests.Fleet;

/// <summary>
/// A fleet for tests: gateway processes (dotnet ReEngage.Gateway.dll) on one PostgreSQL database, each with its
/// own modems — simulated modems in this process, reached by each gateway through the real SerialPort on a
/// pseudo-terminal — all on one simulated network that records every SMS submitted to it.
/// </summary>
internal sealed class FleetRig : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("reengage-fleet-").FullName;
    private readonly List<(string Node, string Link, SimulatedModem Modem, PseudoTerminal Pty)> modems = [];
    private readonly Dictionary<string, GatewayProcess> processes = [];
    private readonly Dictionary<string, (int Port, string[] Settings)> nodes = [];

    private FleetRig(string connectionString, TimeSpan sendDelay)
    {
        ConnectionString = connectionString;
        SendDelay = sendDelay;
        Network = new SimulatedNetwork(new SimulatedNetworkOptions { StatusReportDelay = TimeSpan.FromMilliseconds(100) });
    }

    public string ConnectionString { get; }

    public TimeSpan SendDelay { get; }

    public SimulatedNetwork Network { get; }

    public static async Task<FleetRig> CreateAsync(TimeSpan sendDelay) => new(await PostgresCluster.CreateDatabaseAsync(), sendDelay);

    /// <summary>Starts a node named <paramref name="name"/> with <paramref name="modemCount"/> modems of its own.</summary>
    public async Task<HttpClient> StartNodeAsync(string name, int modemCount, params string[] extra)
    {
        if (!nodes.TryGetValue(name, out var node))
        {
            var port = GatewayProcess.FreePort();
            var settings = new List<string>
            {
                "--Gateway:Simulation:Enabled=false",
                "--Gateway:Database:Provider=Postgres",
                $"--Gateway:Database:ConnectionString={ConnectionString}",
                $"--Gateway:Node:Name={name}",
                $"--Gateway:Node:Url=http://127.0.0.1:{port}",
                "--Gateway:Node:DeadAfter=00:00:04",
                $"--Gateway:Api:BootstrapKey={GatewayFactory.Key}",
                "--Gateway:DefaultRegion=IT",

                // Quiet hours are on by default (21:00–09:00, the machine's zone) and hold marketing: the fleet's
                // campaign test failed whenever CI ran after 21:00 UTC. Off here, as in GatewayFactory.
                "--Gateway:QuietHours:Start=",
                "--Gateway:QuietHours:End=",
            };
            for (var i = 0; i < modemCount; i++)
            {
                var modemName = $"{name}-m{i}";
                var link = Path.Combine(folder, $"tty-{modemName}");
                var pty = PseudoTerminal.Open(link);
                var modem = new SimulatedModem(
                    new SimulatedModemOptions { Name = modemName, PhoneNumber = $"+3933300{modems.Count:D5}", SendDelay = SendDelay, Imei = $"35693803564{modems.Count:D4}" },
                    Network);
                _ = modem.Serve(pty.Master);
                modems.Add((name, link, modem, pty));
                settings.Add($"--Gateway:Modems:{i}:Name={modemName}");
                settings.Add($"--Gateway:Modems:{i}:Device={link}");
                settings.Add($"--Gateway:Modems:{i}:PerMinute=6000");
                settings.Add($"--Gateway:Modems:{i}:DailyLimit=100000");
            }

            node = (port, [.. settings, .. extra]);
            nodes[name] = node;
        }
        else
        {
            // A restart after a kill: the modems' serial devices are plugged in afresh (as after a reboot).
            for (var i = 0; i < modems.Count; i++)
            {
                if (modems[i].Node == name)
                {
                    modems[i].Pty.Dispose();
                    var pty = PseudoTerminal.Open(modems[i].Link);
                    _ = modems[i].Modem.Serve(pty.Master);
                    modems[i] = modems[i] with { Pty = pty };
                }
            }
        }

        var data = Path.Combine(folder, name);
        Directory.CreateDirectory(data);
        processes[name] = await GatewayProcess.StartAsync(data, node.Port, node.Settings);
        return Client(name);
    }

    public HttpClient Client(string node)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{nodes[node].Port}"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayFactory.Key);
        return client;
    }

    public string Url(string node) => $"http://127.0.0.1:{nodes[node].Port}";

    /// <summary>SIGKILL: no shutdown code runs on that node.</summary>
    public void Kill(string node) => processes[node].Kill();

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes.Values)
        {
            process.Dispose();
        }

        foreach (var (_, _, modem, pty) in modems)
        {
            await modem.DisposeAsync();
            pty.Dispose();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A log file still being closed; the folder is in the temp directory.
        }
    }
}
