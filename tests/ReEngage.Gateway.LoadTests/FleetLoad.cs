using System.Data.Common;
using System.Diagnostics;
using System.Net.Http.Json;
using ReEngage.Gateway.Tests;
using ReEngage.Gateway.Tests.Fleet;

/// <summary>
/// The fleet's figures, each beside a baseline measured in the same run, on the same machine, with the same
/// durability: ingest through the gateway beside plain INSERTs of the same rows into the same engine (SQLite
/// with the gateway's pragmas; PostgreSQL on the same cluster, fsync and synchronous commit on); the send rate
/// and POST → network latency of 3 nodes × 4 and × 8 modems beside one SQLite appliance with as many modems at
/// the same pace; the wake latency of an idle gateway and fleet (<see cref="FleetWake"/>); the two claim
/// patterns on PostgreSQL (<see cref="ClaimRace"/>). With <c>--baseline</c> every gateway figure is measured on
/// that build too, one after the other. Messages still unsent when the drain gives up are counted (and fail the
/// latency goal), not left out. Phases may be picked: <c>ingest</c>, <c>rate</c>, <c>wake</c>, <c>claims</c>.
/// </summary>
internal static class FleetLoad
{
    private const int Nodes = 3;
    private const int SubmitMs = 200;
    private const double PartsPerSecondPerModem = 1000.0 / SubmitMs;

    public static async Task<int> RunAsync(string gatewayDll, string? baselineDll, string key, bool strict, bool quick, IReadOnlyCollection<string> phases)
    {
        PostgresCluster.Durable = true; // figures with fsync and synchronous commit on, as a real server runs
        var report = new Report();
        var clock = Stopwatch.StartNew();
        void Progress(string phase) => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {phase} (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        bool Runs(string phase) => phases.Count == 0 || phases.Contains(phase);

        if (Runs("ingest"))
        {
            await IngestAsync(report, gatewayDll, baselineDll, key, quick, Progress);
        }

        if (Runs("rate"))
        {
            foreach (var (perNode, goal) in new[] { (4, 0.95), (8, 0.90) })
            {
                await RateAsync(report, gatewayDll, baselineDll, key, quick, perNode, goal, Progress);
            }
        }

        if (Runs("wake"))
        {
            await FleetWake.AddAsync(report, gatewayDll, baselineDll, key, quick ? 15 : 40, Progress);
        }

        if (Runs("claims"))
        {
            await ClaimRace.AddAsync(report, 40_000, TimeSpan.FromSeconds(quick ? 4 : 10), Progress);
        }

        Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return report.Print(strict);
    }

    private static async Task IngestAsync(Report report, string gatewayDll, string? baselineDll, string key, bool quick, Action<string> progress)
    {
        var singlesFor = TimeSpan.FromSeconds(quick ? 3 : 10);
        var batches = quick ? 1 : 5;
        progress("ingest on SQLite, and plain INSERTs into SQLite with the gateway's pragmas");
        var rawSqlite = await SchemaOnlySqliteAsync(gatewayDll, key);
        var sqliteSingles = await RawInserts.SinglesAsync(RawInserts.Sqlite(rawSqlite), singlesFor, 32);
        var sqliteBulk = await RawInserts.BulkAsync(RawInserts.Sqlite(rawSqlite), batches, 10_000);
        async Task<(double Singles, double Bulk)> Sqlite(string dll)
        {
            await using var sqlite = await Gateway.StartAsync(dll, key, ["--Gateway:Simulation:Modems=2"]);
            return (await Load.SinglesAsync(sqlite, singlesFor, 32), await Load.BulkAsync(sqlite, batches, 10_000));
        }

        var ours = await Sqlite(gatewayDll);
        var before = baselineDll is null ? ((double, double)?)null : await Sqlite(baselineDll);
        report.Add("single POST /messages (32 clients), SQLite", $"{ours.Singles:0} req/s", $"{sqliteSingles:0} INSERT tx/s (one per message, 32 connections){Build(before?.Item1, "req/s")}");
        report.Add("POST /messages/bulk (10,000 per request), SQLite", $"{ours.Bulk:0} msg/s", $"{sqliteBulk:0} rows/s (10,000 per transaction){Build(before?.Item2, "msg/s")}");

        progress("ingest on PostgreSQL, and plain INSERTs into the same cluster");
        var rawPostgres = await PostgresCluster.CreateDatabaseAsync();
        var postgresSingles = await RawInserts.SinglesAsync(RawInserts.Postgres(rawPostgres), singlesFor, 32);
        var postgresBulk = await RawInserts.BulkAsync(RawInserts.Postgres(rawPostgres), batches, 10_000);
        async Task<(double Singles, double Bulk)> Postgres(string dll)
        {
            var database = await PostgresCluster.CreateDatabaseAsync();
            await using var node = await Gateway.StartAsync(dll, key, [.. PostgresSettings(database), "--Gateway:Node:Name=ingest", "--Gateway:Simulation:Modems=2"]);
            return (await Load.SinglesAsync(node, singlesFor, 32), await Load.BulkAsync(node, batches, 10_000));
        }

        ours = await Postgres(gatewayDll);
        before = baselineDll is null ? null : await Postgres(baselineDll);
        report.Add("single POST /messages (32 clients), PostgreSQL", $"{ours.Singles:0} req/s", $"{postgresSingles:0} INSERT tx/s (one per message, 32 connections){Build(before?.Item1, "req/s")}");
        report.Add("POST /messages/bulk (10,000 per request), PostgreSQL", $"{ours.Bulk:0} msg/s", $"{postgresBulk:0} rows/s (10,000 per transaction){Build(before?.Item2, "msg/s")}");
    }

    private static string Build(double? figure, string unit) => figure is { } f ? $"; baseline build: {f:0} {unit}" : "";

    private static async Task RateAsync(Report report, string gatewayDll, string? baselineDll, string key, bool quick, int perNode, double goal, Action<string> progress)
    {
        var modems = Nodes * perNode;
        var limit = modems * PartsPerSecondPerModem;
        var window = TimeSpan.FromSeconds(quick ? 8 : 30);
        var latencyMessages = (int)(limit / 2 * (quick ? 5 : 20));

        progress($"one SQLite appliance with {modems} modems at {SubmitMs} ms per send");
        Rates single;
        await using (var appliance = await Gateway.StartAsync(gatewayDll, key, Paced(modems)))
        {
            single = await MeasureAsync(appliance.Client, [appliance.Client], RawInserts.Sqlite(Path.Combine(appliance.DataDirectory, "gateway.db")), limit, window, latencyMessages, "+39345");
        }

        progress($"fleet: {Nodes} nodes × {perNode} modems at {SubmitMs} ms per send{(baselineDll is null ? "" : ", then the baseline build")}");
        var fleet = await FleetAsync(gatewayDll, key, perNode, limit, window, latencyMessages);
        var before = baselineDll is null ? null : await FleetAsync(baselineDll, key, perNode, limit, window, latencyMessages);

        var build = before is null ? "" : $"baseline build: {before.Rate:0.0} parts/s = {before.Rate / limit:P0}; ";
        report.Add($"send rate, {Nodes} nodes × {perNode} modems at {SubmitMs} ms/send (SIM plan {60_000 / SubmitMs}/min)", $"{fleet.Rate:0.0} parts/s = {fleet.Rate / limit:P0} of {limit:0}",
            $"{build}one SQLite appliance, {modems} modems: {single.Rate:0.0} parts/s = {single.Rate / limit:P0}", $"≥ {goal:P0} of the modems' limit", fleet.Rate >= goal * limit);
        report.Add($"POST → submitted at half the limit ({limit / 2:0} msg/s), {Nodes} × {perNode}, p50 / p99 (includes the {SubmitMs} ms send)", fleet.Latency,
            $"{(before is null ? "" : $"baseline build: {before.Latency}; ")}one SQLite appliance: {single.Latency}", "every message sent", fleet.Unsent == 0);
        report.Add($"messages still unsent {QueueProbe.DrainLimit.TotalMinutes:0} min after posting stopped, {Nodes} × {perNode}", $"{fleet.Unsent}",
            $"{(before is null ? "" : $"baseline build: {before.Unsent}; ")}one SQLite appliance: {single.Unsent}", "0", fleet.Unsent == 0);
        if (single.Unsent > 0 || single.Rate < goal * limit)
        {
            Console.Error.WriteLine($"note: the baseline appliance itself reached {single.Rate / limit:P0} with {single.Unsent} unsent: the machine, not the fleet, limits these figures.");
        }
    }

    private static async Task<Rates> FleetAsync(string dll, string key, int perNode, double limit, TimeSpan window, int latencyMessages)
    {
        var database = await PostgresCluster.CreateDatabaseAsync();
        var nodes = new List<Gateway>();
        try
        {
            for (var n = 0; n < Nodes; n++)
            {
                nodes.Add(await Gateway.StartAsync(dll, key, [.. PostgresSettings(database), $"--Gateway:Node:Name=node-{n}", $"--Gateway:Simulation:NamePrefix=n{n}-", .. Paced(perNode)]));
            }

            return await MeasureAsync(nodes[0].Client, [.. nodes.Select(n => n.Client)], RawInserts.Postgres(database), limit, window, latencyMessages, "+39346");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private sealed record Rates(double Rate, string Latency, int Unsent);

    /// <summary>Steady send rate over a backlog, then latency at half the limit, posting to the clients in turn.</summary>
    private static async Task<Rates> MeasureAsync(HttpClient first, IReadOnlyList<HttpClient> clients, Func<Task<DbConnection>> database, double limit, TimeSpan window, int latencyMessages, string prefix)
    {
        const string Sent = "SELECT COUNT(*) FROM message_parts WHERE \"SubmittedAt\" IS NOT NULL";
        var total = (int)(limit * (window.TotalSeconds + 15));
        var body = new { messages = Enumerable.Range(0, total).Select(i => new { to = $"{prefix}9{i + 1000000:D7}", text = $"throughput {i}" }) };
        (await first.PostAsJsonAsync("/api/v1/messages/bulk", body)).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(3)); // the modems picking up
        var start = await QueueProbe.ScalarAsync(database, Sent);
        var steady = Stopwatch.StartNew();
        await Task.Delay(window);
        var rate = (await QueueProbe.ScalarAsync(database, Sent) - start) / steady.Elapsed.TotalSeconds;
        await QueueProbe.DrainAsync(database);

        var looksBefore = await ClaimLooksAsync(clients);
        var posted = new List<long>();
        var pace = Stopwatch.StartNew();
        for (var i = 0; i < latencyMessages; i++)
        {
            var due = TimeSpan.FromSeconds(i / (limit / 2));
            if (due > pace.Elapsed)
            {
                await Task.Delay(due - pace.Elapsed);
            }

            using var response = await clients[i % clients.Count].PostAsJsonAsync("/api/v1/messages", new { to = $"{prefix}8{i + 1000000:D7}", text = $"latency {i}" });
            posted.Add((await response.Content.ReadFromJsonAsync<Accepted>())!.Id);
        }

        var unsent = await QueueProbe.DrainAsync(database);
        var looks = (await ClaimLooksAsync(clients)).Select((n, r) => n - looksBefore[r]).ToArray();
        var latencies = await QueueProbe.LatenciesAsync(database, posted);
        var perMessage = looks.Sum() == 0 ? "" : $" — claim looks per message: {looks.Sum() / latencyMessages:0.0} (lost {looks[1] / latencyMessages:0.0}, found nothing {looks[2] / latencyMessages:0.0})";
        return new Rates(rate, $"{QueueProbe.Percentile(latencies, 0.50)} / {QueueProbe.Percentile(latencies, 0.99)}{perMessage}", unsent);
    }

    // reengage_dispatch_claims_total summed over the nodes: won, lost, none (zeros from a build without the counter).
    private static async Task<double[]> ClaimLooksAsync(IReadOnlyList<HttpClient> clients)
    {
        var sums = new double[3];
        foreach (var client in clients)
        {
            var scrape = await MetricsScrape.ReadAsync(client);
            sums[0] += scrape.Sum("reengage_dispatch_claims_total", "result=\"won\"");
            sums[1] += scrape.Sum("reengage_dispatch_claims_total", "result=\"lost\"");
            sums[2] += scrape.Sum("reengage_dispatch_claims_total", "result=\"none\"") + scrape.Sum("reengage_dispatch_claims_total", "result=\"refused\"");
        }

        return sums;
    }

    private static string[] PostgresSettings(string connectionString) =>
        ["--Gateway:Database:Provider=Postgres", $"--Gateway:Database:ConnectionString={connectionString}"];

    // The SIM's plan allows exactly what the modem can do (as in the end-to-end mode): the gateway must lose
    // nothing to its own pauses (pacing, jitter) or its own work between parts.
    private static string[] Paced(int modems) =>
    [
        $"--Gateway:Simulation:Modems={modems}", $"--Gateway:Simulation:SendDelay=00:00:00.{SubmitMs:D3}", "--Gateway:Simulation:StatusReportDelay=00:00:01",
        $"--Gateway:Simulation:PerMinute={60_000 / SubmitMs}", "--Gateway:Simulation:DailyLimit=1000000",
    ];

    /// <summary>A SQLite file with the gateway's schema and nothing running on it: a gateway starts on it (migrating it) and is stopped.</summary>
    private static async Task<string> SchemaOnlySqliteAsync(string gatewayDll, string key)
    {
        var folder = Directory.CreateTempSubdirectory("reengage-raw-").FullName;
        await using (await Gateway.StartAsync(gatewayDll, key, ["--Gateway:Simulation:Modems=1"], folder))
        {
        }

        return Path.Combine(folder, "gateway.db");
    }

    private sealed record Accepted(long Id);
}
