using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using ReEngage.Gateway.Tests.Fleet;

/// <summary>
/// The fleet's figures, each beside a baseline measured in the same run, on the same machine, with the same
/// durability: ingest through the gateway beside plain INSERTs of the same rows into the same engine (SQLite
/// with the gateway's pragmas; PostgreSQL on the same cluster, fsync and synchronous commit on); the three
/// nodes' send rate and POST → network latency beside one SQLite appliance with as many modems at the same
/// pace. Messages still unsent when the drain gives up are counted (and fail the latency goal), not left out.
/// </summary>
internal static class FleetLoad
{
    private const int Nodes = 3;
    private const int ModemsPerNode = 4;
    private const double PartsPerSecondPerModem = 5.0; // 200 ms per send
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string gatewayDll, string key, bool strict, bool quick)
    {
        PostgresCluster.Durable = true; // figures with fsync and synchronous commit on, as a real server runs
        var report = new Report();
        var clock = Stopwatch.StartNew();
        void Progress(string phase) => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {phase}");
        var singlesFor = TimeSpan.FromSeconds(quick ? 3 : 10);
        var batches = quick ? 1 : 5;

        Progress("ingest on SQLite, and plain INSERTs into SQLite with the gateway's pragmas");
        var rawSqlite = await SchemaOnlySqliteAsync(gatewayDll, key);
        var sqliteSinglesBaseline = await RawInserts.SinglesAsync(RawInserts.Sqlite(rawSqlite), singlesFor, 32);
        var sqliteBulkBaseline = await RawInserts.BulkAsync(RawInserts.Sqlite(rawSqlite), batches, 10_000);
        await using (var sqlite = await Gateway.StartAsync(gatewayDll, key, ["--Gateway:Simulation:Modems=2"]))
        {
            report.Add("single POST /messages (32 clients), SQLite", $"{await Load.SinglesAsync(sqlite, singlesFor, 32):0} req/s", $"{sqliteSinglesBaseline:0} INSERT tx/s (one per message, 32 connections)");
            report.Add("POST /messages/bulk (10,000 per request), SQLite", $"{await Load.BulkAsync(sqlite, batches, 10_000):0} msg/s", $"{sqliteBulkBaseline:0} rows/s (10,000 per transaction)");
        }

        Progress("ingest on PostgreSQL, and plain INSERTs into the same cluster");
        var rawPostgres = await PostgresCluster.CreateDatabaseAsync();
        var postgresSinglesBaseline = await RawInserts.SinglesAsync(RawInserts.Postgres(rawPostgres), singlesFor, 32);
        var postgresBulkBaseline = await RawInserts.BulkAsync(RawInserts.Postgres(rawPostgres), batches, 10_000);
        var ingestDb = await PostgresCluster.CreateDatabaseAsync();
        await using (var node = await Gateway.StartAsync(gatewayDll, key, [.. Postgres(ingestDb), "--Gateway:Node:Name=ingest", "--Gateway:Simulation:Modems=2"]))
        {
            report.Add("single POST /messages (32 clients), PostgreSQL", $"{await Load.SinglesAsync(node, singlesFor, 32):0} req/s", $"{postgresSinglesBaseline:0} INSERT tx/s (one per message, 32 connections)");
            report.Add("POST /messages/bulk (10,000 per request), PostgreSQL", $"{await Load.BulkAsync(node, batches, 10_000):0} msg/s", $"{postgresBulkBaseline:0} rows/s (10,000 per transaction)");
        }

        const int modems = Nodes * ModemsPerNode;
        const double limit = modems * PartsPerSecondPerModem;
        var window = TimeSpan.FromSeconds(quick ? 8 : 30);
        var latencyMessages = (int)(limit / 2 * (quick ? 5 : 20));

        Progress($"baseline: one SQLite appliance with {modems} modems at 200 ms per send");
        Rates single;
        await using (var appliance = await Gateway.StartAsync(gatewayDll, key, [.. Paced($"--Gateway:Simulation:Modems={modems}")]))
        {
            var sqliteFile = Path.Combine(appliance.DataDirectory, "gateway.db");
            single = await MeasureAsync(appliance.Client, [appliance.Client], RawInserts.Sqlite(sqliteFile), limit, window, latencyMessages, "+39345");
        }

        Progress($"fleet: {Nodes} nodes × {ModemsPerNode} modems at 200 ms per send");
        var fleetDb = await PostgresCluster.CreateDatabaseAsync();
        var nodes = new List<Gateway>();
        Rates fleet;
        try
        {
            for (var n = 0; n < Nodes; n++)
            {
                nodes.Add(await Gateway.StartAsync(gatewayDll, key, [.. Postgres(fleetDb), $"--Gateway:Node:Name=node-{n}", $"--Gateway:Simulation:NamePrefix=n{n}-", .. Paced($"--Gateway:Simulation:Modems={ModemsPerNode}")]));
            }

            fleet = await MeasureAsync(nodes[0].Client, [.. nodes.Select(n => n.Client)], RawInserts.Postgres(fleetDb), limit, window, latencyMessages, "+39346");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }

        report.Add($"send rate, {Nodes} nodes × {ModemsPerNode} modems at 200 ms/send", $"{fleet.Rate:0.0} parts/s = {fleet.Rate / limit:P0} of {limit:0}",
            $"{single.Rate:0.0} parts/s = {single.Rate / limit:P0}: one SQLite appliance, {modems} modems", "≥ 95 % of the modems' limit", fleet.Rate >= 0.95 * limit);
        report.Add($"POST → submitted to the network at half the limit ({limit / 2:0} msg/s), p50 / p99 (includes the 200 ms send)", fleet.Latency,
            $"{single.Latency}: one SQLite appliance", "every message sent", fleet.Unsent == 0);
        report.Add($"messages still unsent {DrainLimit.TotalMinutes:0} min after posting stopped (counted as failures above)", $"{fleet.Unsent}",
            $"{single.Unsent}: one SQLite appliance", "0", fleet.Unsent == 0);
        if (single.Unsent > 0 || single.Rate < 0.95 * limit)
        {
            Console.Error.WriteLine($"note: the baseline appliance itself reached {single.Rate / limit:P0} with {single.Unsent} unsent: the machine, not the fleet, limits these figures.");
        }

        return report.Print(strict);
    }

    private sealed record Rates(double Rate, string Latency, int Unsent);

    /// <summary>Steady send rate over a backlog, then latency at half the limit, posting to the clients in turn.</summary>
    private static async Task<Rates> MeasureAsync(HttpClient first, IReadOnlyList<HttpClient> clients, Func<Task<DbConnection>> database, double limit, TimeSpan window, int latencyMessages, string prefix)
    {
        var total = (int)(limit * (window.TotalSeconds + 15));
        var body = new { messages = Enumerable.Range(0, total).Select(i => new { to = $"{prefix}9{i + 1000000:D7}", text = $"throughput {i}" }) };
        (await first.PostAsJsonAsync("/api/v1/messages/bulk", body)).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(3)); // the modems picking up
        var start = await ScalarAsync(database, "SELECT COUNT(*) FROM message_parts WHERE \"SubmittedAt\" IS NOT NULL");
        var steady = Stopwatch.StartNew();
        await Task.Delay(window);
        var rate = (await ScalarAsync(database, "SELECT COUNT(*) FROM message_parts WHERE \"SubmittedAt\" IS NOT NULL") - start) / steady.Elapsed.TotalSeconds;
        await DrainAsync(database);

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

        var unsent = await DrainAsync(database);
        var latencies = await LatenciesAsync(database, posted);
        return new Rates(rate, $"{Percentile(latencies, 0.50)} / {Percentile(latencies, 0.99)}", unsent);
    }

    private static string[] Postgres(string connectionString) =>
        ["--Gateway:Database:Provider=Postgres", $"--Gateway:Database:ConnectionString={connectionString}"];

    private static string[] Paced(string modems) =>
    [
        modems, "--Gateway:Simulation:SendDelay=00:00:00.200", "--Gateway:Simulation:StatusReportDelay=00:00:01",
        "--Gateway:Simulation:PerMinute=100000", "--Gateway:Simulation:DailyLimit=1000000",
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

    /// <summary>Waits for the queue to empty, at most <see cref="DrainLimit"/>; returns how many messages were still unsent then (0: drained).</summary>
    private static async Task<int> DrainAsync(Func<Task<DbConnection>> database)
    {
        var clock = Stopwatch.StartNew();
        long waiting;
        while ((waiting = await ScalarAsync(database, "SELECT COUNT(*) FROM messages WHERE \"Status\" IN ('Queued', 'Scheduled', 'Sending')")) > 0 && clock.Elapsed < DrainLimit)
        {
            await Task.Delay(500);
        }

        if (waiting > 0)
        {
            Console.Error.WriteLine($"{waiting} messages still unsent after {DrainLimit.TotalMinutes:0} min");
        }

        return (int)waiting;
    }

    /// <summary>POST → first part on the network per posted message, in ms; a message never submitted is +∞, so it counts against the percentiles instead of vanishing from them.</summary>
    private static async Task<List<double>> LatenciesAsync(Func<Task<DbConnection>> database, List<long> ids)
    {
        await using var connection = await database();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT m.\"Id\", MIN(p.\"SubmittedAt\") - m.\"CreatedAt\" FROM messages m JOIN message_parts p ON p.\"MessageId\" = m.\"Id\" " +
            $"WHERE m.\"Id\" IN ({string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))}) AND p.\"SubmittedAt\" IS NOT NULL GROUP BY m.\"Id\", m.\"CreatedAt\"";
        var found = new Dictionary<long, double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found[reader.GetInt64(0)] = Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture) / TimeSpan.TicksPerMillisecond;
        }

        return [.. ids.Select(id => found.TryGetValue(id, out var ms) ? ms : double.PositiveInfinity).Order()];
    }

    private static string Percentile(List<double> sorted, double p)
    {
        var value = sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];
        return double.IsPositiveInfinity(value) ? "not sent" : $"{value:0} ms";
    }

    private static async Task<long> ScalarAsync(Func<Task<DbConnection>> database, string sql)
    {
        await using var connection = await database();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private sealed record Accepted(long Id);
}
