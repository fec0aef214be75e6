/// <summary>
/// One build's appliance figures — start-up, idle memory after a first start and a restart, single and bulk
/// ingest on SQLite — so the harness can measure this build and a baseline build one after the other and show
/// both in one table.
/// </summary>
internal static class ApplianceLoad
{
    public static async Task<Figures> MeasureAsync(string dll, string key, bool quick, Action<string> progress)
    {
        // Start-up time and idle memory: 5 s after start, then sampled every second over the next minute (idle
        // memory is a sawtooth: gen0 fills at the idle allocation rate, then the GC and the idle trimmer bring it
        // down), on the first start and on a restart of the same data.
        var idleData = Directory.CreateTempSubdirectory("reengage-load-").FullName;
        progress("first start, idle memory");
        TimeSpan firstReady, restartReady;
        double rssAfterStart;
        (string Text, double Median) firstIdle, restartIdle;
        await using (var gateway = await Gateway.StartAsync(dll, key, ["--Gateway:Simulation:Modems=2"], idleData))
        {
            firstReady = gateway.ReadyAfter;
            await Task.Delay(TimeSpan.FromSeconds(5));
            rssAfterStart = gateway.RssMegabytes();
            firstIdle = await gateway.IdleRssAsync(quick ? 20 : 60);
        }

        progress("restart, idle memory");
        await using (var gateway = await Gateway.StartAsync(dll, key, ["--Gateway:Simulation:Modems=2"], idleData))
        {
            restartReady = gateway.ReadyAfter;
            await Task.Delay(TimeSpan.FromSeconds(5));
            restartIdle = await gateway.IdleRssAsync(quick ? 20 : 60);
        }

        Directory.Delete(idleData, true);

        // Single POSTs with concurrent clients, then bulk; sending goes on meanwhile, as it would.
        progress("single and bulk ingest");
        await using (var gateway = await Gateway.StartAsync(dll, key, ["--Gateway:Simulation:Modems=2"]))
        {
            var singles = await Load.SinglesAsync(gateway, TimeSpan.FromSeconds(quick ? 5 : 15), clients: 32);
            var bulk = await Load.BulkAsync(gateway, batches: quick ? 3 : 10, batchSize: 10_000);
            var afterIngest = gateway.RssMegabytes();
            await Task.Delay(TimeSpan.FromSeconds(30)); // the idle trimmer trims at most every 30 s
            return new Figures(firstReady, rssAfterStart, firstIdle.Text, firstIdle.Median, restartReady, restartIdle.Text, restartIdle.Median, singles, bulk, afterIngest, gateway.RssMegabytes());
        }
    }

    public static void Report(Report report, Figures ours, Figures? before, double rawSingles, double rawBulk, IReadOnlyList<(string Name, string Text)> floors)
    {
        string Before(Func<Figures, string> figure) => before is null ? "-" : $"{figure(before)} (baseline build)";
        report.Add("ready (process start → /healthz 200), first start", $"{ours.FirstReady.TotalSeconds:0.00} s", Before(f => $"{f.FirstReady.TotalSeconds:0.00} s"), "≤ 3 s", ours.FirstReady <= TimeSpan.FromSeconds(3));
        report.Add("RSS 5 s after the first start (2 simulated modems)", $"{ours.RssAfterStart:0} MB", Before(f => $"{f.RssAfterStart:0} MB"));
        report.Add("RSS idle over the next minute, first start: min / median / max", ours.FirstIdle, Before(f => f.FirstIdle), "median ≤ 120 MB", ours.FirstIdleMedian <= 120);
        report.Add("ready, restart on the same data", $"{ours.RestartReady.TotalSeconds:0.00} s", Before(f => $"{f.RestartReady.TotalSeconds:0.00} s"), "≤ 3 s", ours.RestartReady <= TimeSpan.FromSeconds(3));
        report.Add("RSS idle over the minute after, restart: min / median / max", ours.RestartIdle, Before(f => f.RestartIdle), "median ≤ 120 MB", ours.RestartIdleMedian <= 120);
        foreach (var (name, text) in floors)
        {
            report.Add($"reference: {name}, idle: min / median / max", text, "-");
        }

        report.Add("API ingest, single POST /messages (32 clients)", $"{ours.Singles:0} req/s", $"{rawSingles:0} INSERT tx/s (one per message, 32 connections); {Before(f => $"{f.Singles:0} req/s")}", "≥ 2,000 req/s", ours.Singles >= 2000);
        report.Add("API ingest, POST /messages/bulk (10,000 per request)", $"{ours.Bulk:0} msg/s", $"{rawBulk:0} rows/s (10,000 per transaction); {Before(f => $"{f.Bulk:0} msg/s")}", "≥ 20,000 msg/s", ours.Bulk >= 20_000);
        report.Add("RSS after the ingest runs / idle again 30 s later", $"{ours.RssAfterIngest:0} / {ours.RssIdleAfterIngest:0} MB", Before(f => $"{f.RssAfterIngest:0} / {f.RssIdleAfterIngest:0} MB"));
    }

    internal sealed record Figures(
        TimeSpan FirstReady, double RssAfterStart, string FirstIdle, double FirstIdleMedian,
        TimeSpan RestartReady, string RestartIdle, double RestartIdleMedian,
        double Singles, double Bulk, double RssAfterIngest, double RssIdleAfterIngest);
}
