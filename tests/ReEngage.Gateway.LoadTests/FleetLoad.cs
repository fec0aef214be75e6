using System.Diagnostics;
using System.Net.Http.Json;
using Npgsql;
using ReEngage.Gateway.Tests.Fleet;

/// <summary>
/// The fleet's figures, each beside its baseline measured in the same run: ingest on PostgreSQL beside the same
/// ingest on SQLite; three nodes × four simulated modems at 200 ms per send beside the modems' limit; the time
/// from POST to the network at half that limit.
/// </summary>
internal static class FleetLoad
{
    public static async Task<int> RunAsync(string gatewayDll, string key)
    {
        PostgresCluster.Durable = true; // figures with fsync and synchronous commit on, as a real server runs
        var results = new List<(string Name, string Value, string Target)>();
        var clock = Stopwatch.StartNew();
        void Progress(string phase) => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {phase}");

        Progress("ingest on SQLite (baseline)");
        await using (var sqlite = await Gateway.StartAsync(gatewayDll, key, ["--Gateway:Simulation:Modems=2"]))
        {
            results.Add(("single POST /messages (32 clients), SQLite — baseline", $"{await Load.SinglesAsync(sqlite, TimeSpan.FromSeconds(10), 32):0} req/s", "-"));
            results.Add(("POST /messages/bulk (10,000 per request), SQLite — baseline", $"{await Load.BulkAsync(sqlite, 5, 10_000):0} msg/s", "-"));
        }

        Progress("ingest on PostgreSQL");
        var ingestDb = await PostgresCluster.CreateDatabaseAsync();
        await using (var node = await Gateway.StartAsync(gatewayDll, key, [.. Postgres(ingestDb), "--Gateway:Node:Name=ingest", "--Gateway:Simulation:Modems=2"]))
        {
            results.Add(("single POST /messages (32 clients), PostgreSQL", $"{await Load.SinglesAsync(node, TimeSpan.FromSeconds(10), 32):0} req/s", "-"));
            results.Add(("POST /messages/bulk (10,000 per request), PostgreSQL", $"{await Load.BulkAsync(node, 5, 10_000):0} msg/s", "-"));
        }

        Progress("fleet: 3 nodes × 4 modems at 200 ms per send");
        var fleetDb = await PostgresCluster.CreateDatabaseAsync();
        var nodes = new List<Gateway>();
        try
        {
            for (var n = 0; n < 3; n++)
            {
                nodes.Add(await Gateway.StartAsync(gatewayDll, key,
                [
                    .. Postgres(fleetDb), $"--Gateway:Node:Name=node-{n}", $"--Gateway:Simulation:NamePrefix=n{n}-",
                    "--Gateway:Simulation:Modems=4", "--Gateway:Simulation:SendDelay=00:00:00.200", "--Gateway:Simulation:StatusReportDelay=00:00:01",
                    "--Gateway:Simulation:PerMinute=100000", "--Gateway:Simulation:DailyLimit=1000000",
                ]));
            }

            const double limit = 3 * 4 * 5.0;
            var window = TimeSpan.FromSeconds(30);
            var total = (int)(limit * (window.TotalSeconds + 15));
            var body = new { messages = Enumerable.Range(0, total).Select(i => new { to = $"+39349{i + 1000000:D7}", text = $"fleet throughput {i}" }) };
            (await nodes[0].Client.PostAsJsonAsync("/api/v1/messages/bulk", body)).EnsureSuccessStatusCode();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var start = await PartsAsync(fleetDb);
            var steady = Stopwatch.StartNew();
            await Task.Delay(window);
            var rate = (await PartsAsync(fleetDb) - start) / steady.Elapsed.TotalSeconds;
            results.Add(("fleet send rate, 3 nodes × 4 modems at 200 ms/send", $"{rate:0.0} parts/s = {rate / limit:P0} of {limit:0}", "≥ 95 %"));

            Progress("fleet: POST → network at half the limit");
            await DrainAsync(fleetDb);
            var posted = new List<long>();
            var pace = Stopwatch.StartNew();
            for (var i = 0; i < (int)(limit / 2 * 20); i++)
            {
                // One message every 1/30 s, posted to the nodes in turn.
                var due = TimeSpan.FromSeconds(i / (limit / 2));
                if (due > pace.Elapsed)
                {
                    await Task.Delay(due - pace.Elapsed);
                }

                using var response = await nodes[i % 3].Client.PostAsJsonAsync("/api/v1/messages", new { to = $"+39346{i + 1000000:D7}", text = $"latency {i}" });
                posted.Add((await response.Content.ReadFromJsonAsync<Accepted>())!.Id);
            }

            await DrainAsync(fleetDb);
            var (p50, p99) = await LatencyAsync(fleetDb, posted);
            results.Add(("POST → submitted to the network at half the fleet's limit (includes the 200 ms send): p50 / p99", $"{p50:0} / {p99:0} ms", "-"));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }

        Console.WriteLine();
        Console.WriteLine("| Measure | Result | Target |");
        Console.WriteLine("|---|---:|---|");
        foreach (var (name, value, target) in results)
        {
            Console.WriteLine($"| {name} | {value} | {target} |");
        }

        return 0;
    }

    private static string[] Postgres(string connectionString) =>
        ["--Gateway:Database:Provider=Postgres", $"--Gateway:Database:ConnectionString={connectionString}"];

    private static async Task<long> PartsAsync(string connectionString) =>
        await ScalarAsync(connectionString, "SELECT COUNT(*) FROM message_parts WHERE \"SubmittedAt\" IS NOT NULL");

    private static async Task DrainAsync(string connectionString)
    {
        var clock = Stopwatch.StartNew();
        while (await ScalarAsync(connectionString, "SELECT COUNT(*) FROM messages WHERE \"Status\" IN ('Queued', 'Sending')") > 0 && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(500);
        }
    }

    private static async Task<(double P50, double P99)> LatencyAsync(string connectionString, List<long> ids)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (MIN(p.\"SubmittedAt\") - m.\"CreatedAt\") / 10000.0 FROM messages m JOIN message_parts p ON p.\"MessageId\" = m.\"Id\" WHERE m.\"Id\" = ANY(@ids) AND p.\"SubmittedAt\" IS NOT NULL GROUP BY m.\"Id\", m.\"CreatedAt\"",
            connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var samples = new List<double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            samples.Add((double)reader.GetDecimal(0));
        }

        samples.Sort();
        return (samples[samples.Count / 2], samples[(int)(samples.Count * 0.99)]);
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed record Accepted(long Id);
}
