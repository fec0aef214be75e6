using Prometheus;
using ReEngage.Gateway.Api;

namespace ReEngage.Gateway.Smtp;

/// <summary>
/// Email to SMS on /metrics, beside the SMPP server's: mails accepted (answered 250 after their messages were stored),
/// the SMS stored from them, and refusals by reason — at AUTH, MAIL FROM, RCPT TO or the end of DATA — so an alarm panel
/// that keeps failing shows up without reading the logs.
/// </summary>
internal sealed class SmtpMetrics
{
    /// <summary>The refusal reasons, each a series from the first scrape on.</summary>
    public static readonly string[] Reasons = ["authentication", "sender", "recipient_domain", "recipient_number", "not_mime", "text", "outbox", "store_failed"];

    private readonly Counter accepted;
    private readonly Counter stored;
    private readonly Counter refused;

    public SmtpMetrics(GatewayPrometheus prometheus)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        var factory = Metrics.WithCustomRegistry(prometheus.Registry);
        accepted = factory.CreateCounter("reengage_smtp_mails_accepted_total", "Mails answered 250: every recipient's SMS stored in the outbox");
        stored = factory.CreateCounter("reengage_smtp_messages_total", "SMS messages stored from accepted mails (one per recipient)");
        refused = factory.CreateCounter("reengage_smtp_refused_total",
            "SMTP refusals by reason: authentication (AUTH), sender (AllowedSenders), recipient_domain, recipient_number (RCPT TO), not_mime, text (empty or over MaxParts), outbox (a message the outbox refused), store_failed (451, retried by the client)",
            "reason");
        foreach (var reason in Reasons)
        {
            refused.WithLabels(reason);
        }
    }

    public void Accepted(int messages)
    {
        accepted.Inc();
        stored.Inc(messages);
    }

    public void Refused(string reason) => refused.WithLabels(reason).Inc();
}
