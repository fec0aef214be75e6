using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

// Load harness for the gateway: runs the Release build as its own process on loopback and measures
// start-up, idle and loaded memory, API ingest (single and bulk) and end-to-end throughput against
// simulated modems, each figure beside its goal and, where one can be measured, a baseline from the same
// run. Bounded in requests and time; it stops by itself.
//   dotnet run -c Release --project tests/ReEngage.Gateway.LoadTests [-- quick] [--baseline <other build's ReEngage.Gateway.dll>] [--strict]
//   dotnet run -c Release --project tests/ReEngage.Gateway.LoadTests -- endtoend [quick] [--baseline <dll>]   (only the end-to-end cases)
//   dotnet run -c Release --project tests/ReEngage.Gateway.LoadTests -- fleet [quick] [ingest] [rate] [wake] [claims] [--baseline <dll>] [--strict]   (PostgreSQL, three nodes; no phase named: all)
//   dotnet run -c Release --project tests/ReEngage.Gateway.LoadTests -- import [--baseline <other build's ReEngage.Gateway.dll>] [--strict]
//   dotnet run -c Release --project tests/ReEngage.Gateway.LoadTests -- postgres [quick] [--baseline <other build's ReEngage.Gateway.dll>] [--strict]   (ingest on PostgreSQL)
// --strict: exit 1 when a goal is missed (the table lists which), for scripts and CI.
var quick = args.Contains("quick");
var strict = args.Contains("--strict");
var gatewayDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "ReEngage.Gateway", "bin", "Release", "net10.0", "ReEngage.Gateway.dll"));
if (!File.Exists(gatewayDll))
{
    Console.Error.WriteLine($"Build the gateway first: dotnet build -c Release src/ReEngage.Gateway (looked for {gatewayDll})");
    return 2;
}

var baselineAt = Array.IndexOf(args, "--baseline");
var baselineDll = baselineAt >= 0 && baselineAt + 1 < args.Length ? Path.GetFullPath(args[baselineAt + 1]) : null;
var floorDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "ReEngage.Gateway.MemoryFloor", "bin", "Release", "net10.0", "ReEngage.Gateway.MemoryFloor.dll"));
const string Key = "load-test-key-0123456789";
if (args.Contains("import"))
{
    return await ImportLoad.RunAsync(gatewayDll, baselineDll, Key, strict);
}

if (args.Contains("postgres"))
{
    return await PostgresIngestLoad.RunAsync(gatewayDll, baselineDll, Key, strict, quick);
}

if (args.Contains("fleet"))
{
    string[] phases = ["ingest", "rate", "wake", "claims"];
    return await FleetLoad.RunAsync(gatewayDll, baselineDll, Key, strict, quick, [.. phases.Where(args.Contains)]);
}

var report = new Report();
var elapsed = Stopwatch.StartNew();
void Progress(string phase) => Console.Error.WriteLine($"[{elapsed.Elapsed:mm\\:ss}] {phase}");

if (!args.Contains("endtoend"))
{
    // The floor under the memory figures: the same runtime settings with only ASP.NET Core, and with EF Core on SQLite.
    var floors = new List<(string Name, string Text)>();
    if (File.Exists(floorDll))
    {
        foreach (var floor in new[] { "aspnet", "efcore" })
        {
            await using var reference = await Gateway.StartAsync(floorDll, Key, [$"--floor={floor}"]);
            await Task.Delay(TimeSpan.FromSeconds(5));
            floors.Add((floor == "aspnet" ? "ASP.NET Core minimal API alone" : "ASP.NET Core + EF Core/SQLite, one table polled", (await reference.IdleRssAsync(quick ? 10 : 30)).Text));
        }
    }

    // Plain INSERTs of the same rows into a SQLite file with the gateway's schema and pragmas: what the
    // database does alone on this machine today.
    Progress("plain INSERTs into SQLite with the gateway's pragmas");
    var schemaOnly = Directory.CreateTempSubdirectory("reengage-raw-").FullName;
    await using (await Gateway.StartAsync(gatewayDll, Key, ["--Gateway:Simulation:Modems=1"], schemaOnly))
    {
    }

    var rawSingles = await RawInserts.SinglesAsync(RawInserts.Sqlite(Path.Combine(schemaOnly, "gateway.db")), TimeSpan.FromSeconds(quick ? 5 : 15), 32);
    var rawBulk = await RawInserts.BulkAsync(RawInserts.Sqlite(Path.Combine(schemaOnly, "gateway.db")), quick ? 3 : 10, 10_000);
    Directory.Delete(schemaOnly, true);

    var ours = await ApplianceLoad.MeasureAsync(gatewayDll, Key, quick, phase => Progress(phase));
    var before = baselineDll is null ? null : await ApplianceLoad.MeasureAsync(baselineDll, Key, quick, phase => Progress($"baseline build: {phase}"));
    ApplianceLoad.Report(report, ours, before, rawSingles, rawBulk, floors);
}

// 4. End-to-end throughput against the modems' limit; one modem alone shows the gateway's own time per part.
foreach (var (modems, submitMs, goal) in quick ? [(1, 200, 0.98), (4, 200, 0.95)] : new[] { (1, 200, 0.98), (1, 100, 0.95), (4, 200, 0.95), (16, 200, 0.95) })
{
    Progress($"end-to-end, {modems} modem(s) at {submitMs} ms/submit{(baselineDll is null ? "" : ", then the baseline build")}");
    await EndToEndLoad.AddAsync(report, gatewayDll, baselineDll, Key, modems, submitMs, TimeSpan.FromSeconds(quick ? 10 : 20), goal);
}

return report.Print(strict);

internal sealed class Gateway : IAsyncDisposable
{
    private readonly Process process;
    private readonly string dataDirectory;

    private readonly bool ownsData;

    private Gateway(Process process, string dataDirectory, bool ownsData, HttpClient client, TimeSpan readyAfter)
    {
        this.process = process;
        this.dataDirectory = dataDirectory;
        this.ownsData = ownsData;
        Client = client;
        ReadyAfter = readyAfter;
    }

    public HttpClient Client { get; }

    public TimeSpan ReadyAfter { get; }

    public static async Task<Gateway> StartAsync(string dll, string key, string[] settings, string? dataDirectory = null)
    {
        var port = FreePort();
        var data = dataDirectory ?? Directory.CreateTempSubdirectory("reengage-load-").FullName;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = data, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { dll, "--urls", $"http://127.0.0.1:{port}", $"--Gateway:DataDirectory={data}", $"--Gateway:Api:BootstrapKey={key}", "--Serilog:MinimumLevel:Default=Warning" }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return new Gateway(process, data, dataDirectory is null, client, clock.Elapsed);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(20);
        }

        process.Kill(true);
        throw new TimeoutException("The gateway did not become ready within 60 s.");
    }

    /// <summary>The data directory (gateway.db and logs).</summary>
    public string DataDirectory => dataDirectory;

    /// <summary>RSS sampled once a second for <paramref name="seconds"/> s: "min / median / max MB", and the median.</summary>
    public async Task<(string Text, double Median)> IdleRssAsync(int seconds)
    {
        var samples = new List<double>();
        for (var i = 0; i < seconds; i++)
        {
            samples.Add(RssMegabytes());
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        samples.Sort();
        return ($"{samples[0]:0} / {samples[samples.Count / 2]:0} / {samples[^1]:0} MB", samples[samples.Count / 2]);
    }

    public double RssMegabytes()
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return double.NaN;
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill(true);
        await process.WaitForExitAsync();
        process.Dispose();
        Client.Dispose();
        try
        {
            if (!ownsData)
            {
                return;
            }

            Directory.Delete(dataDirectory, true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal static class Load
{
    public static async Task<double> SinglesAsync(Gateway gateway, TimeSpan duration, int clients)
    {
        // Warm-up.
        for (var i = 0; i < 200; i++)
        {
            await gateway.Client.PostAsJsonAsync("/api/v1/messages", new { to = $"+39347{3000000 + i}", text = "warm-up" });
        }

        var count = 0L;
        var errors = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var i = 0;
            while (clock.Elapsed < duration)
            {
                using var response = await gateway.Client.PostAsJsonAsync("/api/v1/messages", new { to = $"+39347{(c * 100000) + (i++ % 100000) + 1000000}", text = "Ciao! Il tuo ordine è stato spedito." });
                Interlocked.Increment(ref response.StatusCode == HttpStatusCode.Accepted ? ref count : ref errors);
            }
        }));
        if (errors > 0)
        {
            Console.Error.WriteLine($"{errors} single requests failed");
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    public static async Task<double> BulkAsync(Gateway gateway, int batches, int batchSize)
    {
        var bodies = Enumerable.Range(0, batches).Select(b => JsonContent.Create(new
        {
            messages = Enumerable.Range(0, batchSize).Select(i => new { to = $"+39348{(b * batchSize) + i + 1000000:D7}", text = $"Saldi! -20% con il codice BULK{i}" }),
        })).ToList();
        foreach (var body in bodies)
        {
            await body.LoadIntoBufferAsync();
        }

        var clock = Stopwatch.StartNew();
        var accepted = 0;
        foreach (var body in bodies)
        {
            using var response = await gateway.Client.PostAsync("/api/v1/messages/bulk", body);
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            accepted += json.GetProperty("accepted").GetArrayLength();
        }

        return accepted / clock.Elapsed.TotalSeconds;
    }
}
