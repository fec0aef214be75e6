using System.Diagnostics.Metrics;

namespace ReEngage.Gateway.Core;

/// <summary>The domain's instruments (System.Diagnostics.Metrics); the host exports them to Prometheus.</summary>
public static class GatewayMetrics
{
    public const string MeterName = "ReEngage.Gateway";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Parts = Meter.CreateCounter<long>("reengage_parts_sent", description: "SMS parts accepted by the network, per modem");
    private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("reengage_send_latency", unit: "s", description: "Time from AT+CMGS to +CMGS per part");

    public static void PartSent(string modem, TimeSpan took)
    {
        var tag = new KeyValuePair<string, object?>("modem", modem);
        Parts.Add(1, tag);
        Latency.Record(took.TotalSeconds, tag);
    }
}
