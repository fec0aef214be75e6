namespace ReEngage.Gateway.Core;

/// <summary>What the domain measures; the host exports it (Prometheus). The domain knows no exporter.</summary>
public interface IGatewayMetrics
{
    /// <summary>A part was accepted by the network through a modem, after taking this long.</summary>
    void PartSent(string modem, TimeSpan took);

    /// <summary>A status report matched no message within the early-report window and was dropped.</summary>
    void ReportUnmatched(string modem);

    /// <summary>
    /// A dispatcher worker looked for a message to claim: <c>won</c> (claimed one), <c>lost</c> (another worker or
    /// node claimed its candidate first), <c>refused</c> (due messages this modem may not take) or <c>none</c>
    /// (nothing due for it). Many looks per message sent
    /// is workers waking for work they do not get.
    /// </summary>
    void ClaimLooked(string modem, ClaimLook result);

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

    public void ClaimLooked(string modem, ClaimLook result)
    {
    }
}

/// <summary>How a dispatcher worker's look for work ended.</summary>
public enum ClaimLook
{
    /// <summary>It claimed a message.</summary>
    Won,

    /// <summary>Its candidates were claimed by others first.</summary>
    Lost,

    /// <summary>Messages were due that this modem may not take (another SIM requested or preferred, the monthly cap).</summary>
    Refused,

    /// <summary>Nothing was due that this modem may take.</summary>
    None,
}
