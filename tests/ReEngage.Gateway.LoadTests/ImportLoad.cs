using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;

/// <summary>
/// A 100,000-row contact import through the API, twice: first every row new, then every row again with 1 %
/// opted out and 1 % unsubscribed (updates, status changes and their webhook rows, a receiver subscribed to
/// every contact event). With <c>--baseline &lt;ReEngage.Gateway.dll&gt;</c> the same files go to that build
/// too, in the same run, and each figure stands beside its baseline.
/// </summary>
internal static class ImportLoad
{
    private const int Rows = 100_000;

    public static async Task<int> RunAsync(string gatewayDll, string? baselineDll, string key, bool strict)
    {
        var report = new Report();
        var (fresh, again) = (Csv(changes: false), Csv(changes: true));
        Console.Error.WriteLine($"files: {Encoding.UTF8.GetByteCount(fresh) / 1_000_000.0:0.0} MB and {Encoding.UTF8.GetByteCount(again) / 1_000_000.0:0.0} MB");
        var current = await MeasureAsync(gatewayDll, key, fresh, again);
        var baseline = baselineDll is null ? ((double, double)?)null : await MeasureAsync(baselineDll, key, fresh, again);
        report.Add($"import {Rows:N0} new contacts (one request)", $"{current.Fresh:0} rows/s", baseline is { } b1 ? $"{b1.Item1:0} rows/s ({Path.GetFileName(Path.GetDirectoryName(baselineDll))})" : "-");
        report.Add($"import {Rows:N0} again: updates, 2 % status changes and their webhooks", $"{current.Again:0} rows/s", baseline is { } b2 ? $"{b2.Item2:0} rows/s" : "-",
            baseline is { } b3 ? "≥ 90 % of the baseline" : "-", baseline is { } b4 ? current.Again >= 0.9 * b4.Item2 && current.Fresh >= 0.9 * b4.Item1 : null);
        return report.Print(strict);
    }

    private static async Task<(double Fresh, double Again)> MeasureAsync(string dll, string key, string fresh, string again)
    {
        Console.Error.WriteLine($"importing into {dll}");
        await using var gateway = await Gateway.StartAsync(dll, key, ["--Gateway:Simulation:Modems=1", "--Gateway:Api:MaxRequestBytes=67108864"]);
        using var client = new HttpClient { BaseAddress = gateway.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = gateway.Client.DefaultRequestHeaders.Authorization;
        var hook = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://shop.example.com/hooks", events = new[] { "contact.optout", "contact.unsubscribed" } });
        hook.EnsureSuccessStatusCode();
        return (await ImportAsync(client, fresh), await ImportAsync(client, again));
    }

    private static async Task<double> ImportAsync(HttpClient client, string csv)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsync("/api/v1/contacts/import?consentSource=load%20test", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !body.Contains("\"imported\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The import failed: {(int)response.StatusCode} {body[..Math.Min(400, body.Length)]}");
        }

        return Rows / clock.Elapsed.TotalSeconds;
    }

    private static string Csv(bool changes)
    {
        var csv = new StringBuilder(changes ? "phone,external_id,first_name,tags,status\n" : "phone,external_id,first_name,tags\n");
        for (var i = 0; i < Rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"+39347{i:D7},k{i},Name{i % 977},vip;shop{i % 7}");
            if (changes)
            {
                csv.Append(i % 100 == 0 ? ",opted_out" : i % 100 == 1 ? ",unsubscribed" : ",");
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }
}
