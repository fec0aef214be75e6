using System.Diagnostics;
using ReEngage.Gateway.Tests.Fleet;

/// <summary>
/// Ingest on PostgreSQL, each figure beside what PostgreSQL does alone with the same rows and the same
/// durability on the same cluster (fsync and synchronous commit on), measured right before it: single POSTs
/// from 32 clients beside single-row INSERT transactions from 32 connections (RawInserts), bulk POSTs of
/// 10,000 beside a binary COPY of the same rows (RawCopy). With <c>--baseline &lt;ReEngage.Gateway.dll&gt;</c>
/// another build (say, main before a change) is measured the same way in the same run, on a database of its own.
/// </summary>
internal static class PostgresIngestLoad
{
    private const int Clients = 32;
    private const int BatchSize = 10_000;

    public static async Task<int> RunAsync(string gatewayDll, string? baselineDll, string key, bool strict, bool quick)
    {
        PostgresCluster.Durable = true; // a real server's durability: each commit waits for the disk
        var singlesFor = TimeSpan.FromSeconds(quick ? 5 : 15);
        var batches = quick ? 3 : 10;
        var clock = Stopwatch.StartNew();
        void Progress(string phase) => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {phase}");

        // The cluster's first minute (a cold cache, the JIT of both sides) would otherwise count against whichever goes first.
        Progress("warm-up: plain INSERTs and a COPY on a throw-away database");
        var warm = await PostgresCluster.CreateDatabaseAsync();
        await RawInserts.SinglesAsync(RawInserts.Postgres(warm), TimeSpan.FromSeconds(3), Clients);
        await RawCopy.BulkAsync(warm, 2, BatchSize);

        Progress($"this build: {gatewayDll}");
        var current = await MeasureAsync(gatewayDll, key, singlesFor, batches);
        Figures? baseline = null;
        if (baselineDll is not null)
        {
            Progress($"baseline build: {baselineDll}");
            baseline = await MeasureAsync(baselineDll, key, singlesFor, batches);
        }

        var report = new Report();
        Add(report, "this build", current, judged: true);
        if (baseline is { } b && baselineDll is not null)
        {
            // The baseline's rows are for comparison: its misses are not this build's, and do not fail --strict.
            Add(report, $"baseline build ({Checkout(baselineDll)})", b, judged: false);
        }

        return report.Print(strict);
    }

    private static void Add(Report report, string build, Figures figures, bool judged)
    {
        var singles = figures.Singles / figures.RawSingles;
        report.Add($"single POST /messages ({Clients} clients), PostgreSQL, {build}", $"{figures.Singles:0} req/s = {singles:P0}",
            $"{figures.RawSingles:0} INSERT tx/s (one per message, {Clients} connections)", judged ? "≥ 50 % of the INSERTs" : "-", judged ? singles >= 0.5 : null);
        var bulk = figures.Bulk / figures.RawBulk;
        report.Add($"POST /messages/bulk ({BatchSize:N0} per request), PostgreSQL, {build}", $"{figures.Bulk:0} msg/s = {bulk:P0}",
            $"{figures.RawBulk:0} rows/s (binary COPY, {BatchSize:N0} per transaction)", judged ? "≥ 50 % of the COPY" : "-", judged ? bulk >= 0.5 : null);
    }

    // The checkout a build came from (the folder holding src/), to name the baseline's rows.
    private static string Checkout(string dll)
    {
        for (var dir = Path.GetDirectoryName(dll); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(Path.Combine(dir, "src")))
            {
                return Path.GetFileName(dir);
            }
        }

        return dll;
    }

    private sealed record Figures(double Singles, double RawSingles, double Bulk, double RawBulk);

    // The raw figures are taken right before the build's own, each on a fresh database, so a build is compared
    // with the machine as it was in the same minutes (another process's load moves both alike).
    private static async Task<Figures> MeasureAsync(string dll, string key, TimeSpan singlesFor, int batches)
    {
        var raw = await PostgresCluster.CreateDatabaseAsync();
        var rawSingles = await RawInserts.SinglesAsync(RawInserts.Postgres(raw), singlesFor, Clients);
        var rawBulk = await RawCopy.BulkAsync(raw, batches, BatchSize);
        var database = await PostgresCluster.CreateDatabaseAsync();
        await using var node = await Gateway.StartAsync(dll, key,
            ["--Gateway:Database:Provider=Postgres", $"--Gateway:Database:ConnectionString={database}", "--Gateway:Node:Name=ingest", "--Gateway:Simulation:Modems=2"]);
        var singles = await Load.SinglesAsync(node, singlesFor, Clients);
        var bulk = await Load.BulkAsync(node, batches, BatchSize);
        Console.Error.WriteLine($"  single {singles:0} req/s (INSERT {rawSingles:0} tx/s), bulk {bulk:0} msg/s (COPY {rawBulk:0} rows/s)");
        return new Figures(singles, rawSingles, bulk, rawBulk);
    }
}
