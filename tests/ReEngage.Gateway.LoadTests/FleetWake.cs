using System.Net.Http.Json;
using ReEngage.Gateway.Tests.Fleet;

/// <summary>
/// "No polling delay", measured on an idle gateway and an idle fleet: single messages posted one at a time
/// (<see cref="Spacing"/> apart, so every modem is idle again when the next arrives) and scheduled ones. There is
/// no claim-time column, so a message's wake latency is its first part's SubmittedAt minus its CreatedAt (or its
/// sendAt) minus the simulated modem's submit time, <see cref="SubmitMs"/> ms: what is left is the wake, the
/// claim, the PDU and the Submitting checkpoint's commit — a little more than the claim alone, never less.
/// With a baseline build the same cases run on it too, one after the other, same machine and hour.
/// </summary>
internal static class FleetWake
{
    private const int SubmitMs = 20;
    private const int ModemsPerNode = 2;
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan ScheduleAhead = TimeSpan.FromSeconds(2);
    private static int serial;

    public static async Task AddAsync(Report report, string gatewayDll, string? baselineDll, string key, int perCase, Action<string> progress)
    {
        progress($"wake: single box (SQLite, {ModemsPerNode} modems), idle{(baselineDll is null ? "" : ", then the baseline build")}");
        var single = await SingleBoxAsync(gatewayDll, key, perCase);
        var singleBefore = baselineDll is null ? null : await SingleBoxAsync(baselineDll, key, perCase);
        progress($"wake: fleet (3 nodes × {ModemsPerNode} modems, PostgreSQL), idle{(baselineDll is null ? "" : ", then the baseline build")}");
        var fleet = await FleetAsync(gatewayDll, key, perCase);
        var fleetBefore = baselineDll is null ? null : await FleetAsync(baselineDll, key, perCase);

        string Note(string from) => $"(SubmittedAt − {from} − {SubmitMs} ms submit), p50 / p99, {perCase} messages {Spacing.TotalMilliseconds:0} ms apart";
        Add(report, $"wake, single box (SQLite): POST → claim {Note("CreatedAt")}", single.Posted, singleBefore?.Posted);
        Add(report, $"wake, single box (SQLite): scheduled, sendAt → claim {Note("sendAt")}", single.Scheduled, singleBefore?.Scheduled);
        Add(report, $"wake, fleet 3 nodes: POST to each node in turn → claim {Note("CreatedAt")}", fleet.Posted, fleetBefore?.Posted);
        Add(report, $"wake, fleet 3 nodes: POST to a node whose modems are paused → claim by another node {Note("CreatedAt")}", fleet.Elsewhere!, fleetBefore?.Elsewhere);
        Add(report, $"wake, fleet 3 nodes: scheduled, sendAt → claim {Note("sendAt")}", fleet.Scheduled, fleetBefore?.Scheduled);
    }

    private static void Add(Report report, string measure, List<double> ours, List<double>? before) =>
        report.Add(measure, Text(ours), before is null ? "-" : $"{Text(before)} (baseline build)", "p99 ≤ 100 ms", QueueProbe.At(ours, 0.99) <= 100);

    private static string Text(List<double> sorted) => $"{QueueProbe.Percentile(sorted, 0.50)} / {QueueProbe.Percentile(sorted, 0.99)}";

    private sealed record Outcome(List<double> Posted, List<double> Scheduled, List<double>? Elsewhere);

    private static string[] Settings(string modems) =>
    [
        $"--Gateway:Simulation:Modems={modems}", $"--Gateway:Simulation:SendDelay=00:00:00.{SubmitMs:D3}",
        "--Gateway:Simulation:StatusReportDelay=00:00:01", $"--Gateway:Simulation:PerMinute={60_000 / SubmitMs}",
        "--Gateway:Simulation:DailyLimit=1000000",
    ];

    /// <summary>
    /// A gateway's first messages pay for its cold paths (JIT, EF's first queries, the first PDU): a one-time
    /// cost of a fresh process, not a wake. A few messages and a schedule per node go first, unmeasured, then
    /// every worker is left idle again.
    /// </summary>
    private static async Task WarmUpAsync(List<HttpClient> clients, Func<Task<System.Data.Common.DbConnection>> database)
    {
        await PostAsync(clients, 4 * clients.Count, scheduled: false);
        await PostAsync(clients, clients.Count, scheduled: true);
        await QueueProbe.DrainAsync(database);
        await Task.Delay(TimeSpan.FromSeconds(3));
    }

    private static async Task<List<double>> LatenciesAsync(string label, Func<Task<System.Data.Common.DbConnection>> database, List<long> ids, string from)
    {
        var inOrder = await QueueProbe.LatenciesAsync(database, ids, from, SubmitMs, inOrder: true);
        Console.Error.WriteLine($"  {label}, each message in posting order: {string.Join(' ', inOrder.Select(QueueProbe.Ms))}");
        return [.. inOrder.Order()];
    }

    private static async Task<Outcome> SingleBoxAsync(string dll, string key, int count)
    {
        await using var gateway = await Gateway.StartAsync(dll, key, Settings($"{ModemsPerNode}"));
        var database = RawInserts.Sqlite(Path.Combine(gateway.DataDirectory, "gateway.db"));
        await WarmUpAsync([gateway.Client], database);
        var posted = await PostAsync([gateway.Client], count, scheduled: false);
        var scheduled = await PostAsync([gateway.Client], count, scheduled: true);
        await QueueProbe.DrainAsync(database);
        return new Outcome(
            await LatenciesAsync("single box, posted", database, posted, "CreatedAt"),
            await LatenciesAsync("single box, scheduled", database, scheduled, "SendAt"),
            null);
    }

    private static async Task<Outcome> FleetAsync(string dll, string key, int count)
    {
        var connectionString = await PostgresCluster.CreateDatabaseAsync();
        var database = RawInserts.Postgres(connectionString);
        var nodes = new List<Gateway>();
        try
        {
            for (var n = 0; n < 3; n++)
            {
                nodes.Add(await Gateway.StartAsync(dll, key,
                [
                    "--Gateway:Database:Provider=Postgres", $"--Gateway:Database:ConnectionString={connectionString}",
                    $"--Gateway:Node:Name=node-{n}", $"--Gateway:Simulation:NamePrefix=n{n}-", .. Settings($"{ModemsPerNode}"),
                ]));
            }

            await Task.Delay(TimeSpan.FromSeconds(6)); // a heartbeat (5 s) later every node knows the others' modems
            var clients = nodes.Select(n => n.Client).ToList();
            await WarmUpAsync(clients, database);
            var posted = await PostAsync(clients, count, scheduled: false);
            var scheduled = await PostAsync(clients, count, scheduled: true);
            await QueueProbe.DrainAsync(database);

            // Node 0's own modems paused: only another node's idle modem can take what node 0 accepts.
            for (var m = 1; m <= ModemsPerNode; m++)
            {
                (await nodes[0].Client.PostAsync($"/api/v1/modems/n0-{m}/pause", null)).EnsureSuccessStatusCode();
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
            var elsewhere = await PostAsync([nodes[0].Client], count, scheduled: false);
            await QueueProbe.DrainAsync(database);
            var strays = await QueueProbe.ScalarAsync(database, $"SELECT COUNT(*) FROM messages WHERE \"Modem\" LIKE 'n0-%' AND \"Id\" IN ({string.Join(',', elsewhere)})");
            if (strays > 0)
            {
                Console.Error.WriteLine($"note: {strays} messages posted while node 0's modems were paused were sent by them");
            }

            return new Outcome(
                await LatenciesAsync("fleet, posted to each node in turn", database, posted, "CreatedAt"),
                await LatenciesAsync("fleet, scheduled", database, scheduled, "SendAt"),
                await LatenciesAsync("fleet, posted to node 0, its modems paused", database, elsewhere, "CreatedAt"));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>Posts <paramref name="count"/> single messages, <see cref="Spacing"/> apart, to the clients in turn; each to a new recipient, so no sticky routing holds it for one SIM.</summary>
    private static async Task<List<long>> PostAsync(List<HttpClient> clients, int count, bool scheduled)
    {
        var ids = new List<long>(count);
        for (var i = 0; i < count; i++)
        {
            var to = $"+39341{Interlocked.Increment(ref serial) + 1000000:D7}";
            object body = scheduled
                ? new { to, text = $"wake {i}", sendAt = DateTimeOffset.UtcNow + ScheduleAhead }
                : new { to, text = $"wake {i}" };
            using var response = await clients[i % clients.Count].PostAsJsonAsync("/api/v1/messages", body);
            response.EnsureSuccessStatusCode();
            ids.Add((await response.Content.ReadFromJsonAsync<Accepted>())!.Id);
            await Task.Delay(Spacing);
        }

        if (scheduled)
        {
            await Task.Delay(ScheduleAhead + TimeSpan.FromSeconds(1)); // the last one falls due
        }

        return ids;
    }

    private sealed record Accepted(long Id);
}
