using System.Text.RegularExpressions;
using ReEngage.Gateway.Smpp;

namespace ReEngage.Gateway.Tests.Smpp;

/// <summary>The SMPP server's figures on /metrics: binds open, submits by status, throttled submits, receipts pending.</summary>
public sealed partial class SmppMetricsTests(SmppGateway gateway) : IClassFixture<SmppGateway>
{
    [Fact]
    public async Task Binds_submits_throttled_and_pending_receipts_are_on_metrics()
    {
        await using var tiny = await SmppTestClient.ConnectAsync(gateway.Port);
        Assert.Equal(CommandStatus.Ok, (await tiny.BindAsync("tiny", "pw", BindMode.Transmitter)).CommandStatus);
        var statuses = new List<uint>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await tiny.CallAsync(new ShortMessagePdu
            {
                SourceAddress = "ACME", DestinationTon = 1, DestinationNpi = 1, DestinationAddress = "393471234595",
                RegisteredDelivery = 1, DataCoding = 0, ShortMessage = SmppDataCoding.Encode($"Metric {i}").Octets,
            })).CommandStatus);
        }

        var accepted = statuses.Count(s => s == CommandStatus.Ok);
        var throttled = statuses.Count(s => s == CommandStatus.Throttled);
        Assert.True(accepted >= 1 && throttled >= 1, string.Join(", ", statuses));

        var scrape = await gateway.Factory.CreateClient().GetStringAsync("/metrics");

        Assert.Equal(1, Value(scrape, "reengage_smpp_binds{account=\"tiny\",mode=\"transmitter\"}"));
        Assert.Equal(accepted, Value(scrape, "reengage_smpp_submits_total{account=\"tiny\",status=\"ESME_ROK\"}"));
        Assert.Equal(throttled, Value(scrape, "reengage_smpp_throttled_total{account=\"tiny\"}"));
        Assert.Equal(0, Value(scrape, "reengage_smpp_throttled_total{account=\"shop\"}"));
        // No receiver is bound for "tiny": its receipts wait in the database once delivered.
        Assert.Matches(SampleOf("reengage_smpp_receipts_pending"), scrape);
        Assert.Matches(SampleOf("reengage_smpp_inbound_pending"), scrape);
    }

    private static double Value(string scrape, string series) =>
        new MetricsScrape(scrape).Sample(series) ?? throw new Xunit.Sdk.XunitException($"{series} is not on /metrics:\n{scrape}");

    private static Regex SampleOf(string name) => new($"(?m)^{name} [0-9]+$");
}
