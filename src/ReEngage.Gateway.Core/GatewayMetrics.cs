namespace ReEngage.Gateway.Core;

/// <summary>What the domain measures; the host exports it (Prometheus). The domain knows no exporter.</summary>
public interface IGatewayMetrics
{
    /// <summary>A part was accepted by the network through a modem, after taking this long.</summary>
    void PartSent(string modem, TimeSpan took);

    /// <summary>A status report matched no message within the early-report window and was dropped.</summary>
    void ReportUnmatched(string modem);

    /// <summary>A webhook request was answered with a success, or failed (an error status, no answer in time, no connection).</summary>
    void WebhookAttempt(bool delivered);
}

/// <summary>No metrics (tools and tests that do not export any).</summary>
public sealed class NoGatewayMetrics : IGatewayMetrics
{
    public void PartSent(string modem, TimeSpan took)
    {
    }

    public void ReportUnmatched(string modem)
    {
    }

    public void WebhookAttempt(bool delivered)
    {
    }
}
