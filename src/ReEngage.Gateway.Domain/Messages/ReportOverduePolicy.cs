namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// When a message's status report is overdue: it asked for one, went out (status <c>sent</c>), and
/// nothing came within <c>Gateway:StatusReportTimeout</c> of being sent. It stays <c>sent</c> — the SMS
/// probably arrived; the network simply never said — but it no longer looks pending forever.
/// </summary>
public static class ReportOverduePolicy
{
    /// <summary>The default wait: networks give up retrying a handset after one to three days.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(72);

    /// <summary>True when the message should now be marked report-overdue (and is not yet).</summary>
    public static bool IsOverdue(OutboundMessage message, DateTimeOffset now, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message is { Status: MessageStatus.Sent, StatusReport: true, ReportOverdue: false, SentAt: { } sentAt } && now - sentAt >= timeout;
    }

    /// <summary>The latest send time that makes a message overdue at <paramref name="now"/>.</summary>
    public static DateTimeOffset SentBefore(DateTimeOffset now, TimeSpan timeout) => now - timeout;
}
