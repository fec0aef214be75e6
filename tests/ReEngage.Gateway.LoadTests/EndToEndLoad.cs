using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ReEngage.Gateway.Tests;

/// <summary>
/// End-to-end throughput against simulated modems that take a fixed time per submit, as a share of their
/// limit (modems × 1/submit time, which is also the SIMs' per-minute limit), and — on one modem — the gateway's own time per part as the modem saw it:
/// the gap between its <c>+CMGS</c> answer and the next <c>AT+CMGS</c>. With a baseline build the same
/// case runs on it too, one after the other, so both figures come from the same machine and hour.
/// </summary>
internal static class EndToEndLoad
{
    public static async Task AddAsync(Report report, string gatewayDll, string? baselineDll, string key, int modems, int submitMs, TimeSpan window, double goal)
    {
        var ours = await RunAsync(gatewayDll, key, modems, submitMs, window);
        var before = baselineDll is null ? null : await RunAsync(baselineDll, key, modems, submitMs, window);
        report.Add(
            $"end-to-end, {modems} modem(s) at {submitMs} ms/submit",
            $"{ours.Rate:0.0} parts/s = {ours.Share:P1} of {ours.Limit:0}",
            before is null ? "-" : $"{before.Rate:0.0} parts/s = {before.Share:P1} (baseline build)",
            $"≥ {goal:P0} of the limit",
            ours.Share >= goal);
        if (modems == 1)
        {
            report.Add($"gap +CMGS → next AT+CMGS at {submitMs} ms/submit, p50 / p99 / max", ours.Gaps, before?.Gaps ?? "-");
        }

        if (modems == 16)
        {
            report.Add("RSS under load (16 modems sending)", $"{ours.RssMegabytes:0} MB", before is null ? "-" : $"{before.RssMegabytes:0} MB (baseline build)");
        }
    }

    private static async Task<Outcome> RunAsync(string dll, string key, int modems, int submitMs, TimeSpan window)
    {
        await using var gateway = await Gateway.StartAsync(dll, key,
        [
            $"--Gateway:Simulation:Modems={modems}",
            $"--Gateway:Simulation:SendDelay=00:00:00.{submitMs:D3}",
            "--Gateway:Simulation:StatusReportDelay=00:00:01",
            // The SIM's plan allows exactly what the modem can do: the gateway must lose nothing to its own
            // pauses (pacing, jitter) or its own work between parts.
            $"--Gateway:Simulation:PerMinute={60_000 / submitMs}",
            "--Gateway:Simulation:DailyLimit=1000000",
        ]);
        var limit = modems * 1000.0 / submitMs;
        var total = (int)(limit * (window.TotalSeconds + 15));
        var body = new { messages = Enumerable.Range(0, total).Select(i => new { to = $"+39349{i + 1000000:D7}", text = $"throughput {i}" }) };
        (await gateway.Client.PostAsJsonAsync("/api/v1/messages/bulk", body)).EnsureSuccessStatusCode();

        // Skip the first seconds (modems picking up), then count parts over a steady window that starts and ends
        // as a part is counted: whole intervals between parts, without the ±1 part a window cut anywhere would
        // carry (one modem sends ~100 parts in 20 s, so ±1 % — the size of the margin being measured).
        await Task.Delay(TimeSpan.FromSeconds(3));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (start, from) = await NextPartAsync(gateway, clock);
        await Task.Delay(window);
        var (end, to) = await NextPartAsync(gateway, clock);
        var rate = (end - start) / (to - from).TotalSeconds;
        var gaps = modems == 1 ? await GapsAsync(gateway, (int)(rate * window.TotalSeconds)) : "-";
        return new Outcome(rate, limit, gaps, gateway.RssMegabytes());
    }

    // The steady window's submits only: the first ones include the modems picking up.
    private static async Task<string> GapsAsync(Gateway gateway, int last)
    {
        using var response = await gateway.Client.GetAsync($"/api/v1/simulation/modems/sim-1/submits?last={Math.Max(1, last)}");
        if (!response.IsSuccessStatusCode)
        {
            return "n/a (build has no /simulation/modems/{name}/submits)";
        }

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        string Ms(string name) => json.GetProperty(name).GetDouble().ToString("0.0", CultureInfo.InvariantCulture);
        return $"{Ms("gapP50Ms")} / {Ms("gapP99Ms")} / {Ms("gapMaxMs")} ms ({json.GetProperty("sampled").GetInt32()} submits)";
    }

    // The count as it changes, and when: polled every 2 ms, so both ends of the window are late by the same few ms.
    private static async Task<(double Parts, TimeSpan At)> NextPartAsync(Gateway gateway, System.Diagnostics.Stopwatch clock)
    {
        var before = await PartsSentAsync(gateway);
        while (true)
        {
            var now = await PartsSentAsync(gateway);
            if (now != before)
            {
                return (now, clock.Elapsed);
            }

            await Task.Delay(2);
        }
    }

    private static async Task<double> PartsSentAsync(Gateway gateway) =>
        (await MetricsScrape.ReadAsync(gateway.Client)).Sum("reengage_parts_sent_total");

    private sealed record Outcome(double Rate, double Limit, string Gaps, double RssMegabytes)
    {
        public double Share => Rate / Limit;
    }
}
