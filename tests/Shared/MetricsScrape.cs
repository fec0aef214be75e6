using System.Globalization;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// One scrape of the gateway's <c>/metrics</c> (Prometheus text exposition), read the way tests and the load harness
/// need it: a series' samples summed, optionally only those whose labels match. Comments and other series are skipped.
/// </summary>
public sealed class MetricsScrape
{
    private readonly string[] lines;

    public MetricsScrape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        lines = text.Split('\n');
    }

    /// <summary>The scrape as the gateway sent it (for assertion messages).</summary>
    public string Text { get; }

    public static async Task<MetricsScrape> ReadAsync(HttpClient client) =>
        new(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)).ConfigureAwait(false));

    /// <summary>
    /// The sum of <paramref name="name"/>'s samples that carry every one of <paramref name="labels"/>
    /// (each written as in the exposition, e.g. <c>result="won"</c>); 0 when the series is absent.
    /// </summary>
    public double Sum(string name, params string[] labels) =>
        Samples(name).Where(s => labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal))).Sum(s => s.Value);

    /// <summary>The one sample written exactly as <paramref name="series"/> (name and labels); null when absent.</summary>
    public double? Sample(string series)
    {
        var line = lines.FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private IEnumerable<(string Labels, double Value)> Samples(string name)
    {
        foreach (var line in lines)
        {
            if (line.Length <= name.Length || !line.StartsWith(name, StringComparison.Ordinal) || line[name.Length] is not ('{' or ' '))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            yield return (line[name.Length..space], double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture));
        }
    }
}
