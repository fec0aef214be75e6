namespace ReEngage.Gateway.Core.Messaging;

/// <summary>Dispatcher tuning (not user configuration: tests shorten the waits).</summary>
public sealed class DispatcherOptions
{
    /// <summary>Random pause between two sends on one modem, up to this long (and never more than a tenth of its pacing interval).</summary>
    public TimeSpan MaxJitter { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a worker sleeps when there is nothing to do. New work (the API, campaigns, replies, a
    /// resumed modem) wakes the workers at once; the poll only catches what becomes due with time —
    /// a <c>sendAt</c>, a retry, the end of quiet hours — so that is sent at most this late. Each poll is two
    /// queries per modem: at 500 ms an idle gateway with 16 modems spent 4 % of a core on them.
    /// </summary>
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts before a message with retryable errors fails.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Waits before retry n (the last repeats) after a network error.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; set; } = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)];

    /// <summary>Wait before retrying a busy modem.</summary>
    public TimeSpan BusyRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a message waits for the modem its contact knows before any modem may take it.</summary>
    public TimeSpan StickyWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a claim holds without renewal. The sender renews it at every part and every third of this
    /// while a part is in flight, so it only runs out when the node died or stalled; longer than the
    /// modem's own send timeout (60 s) so a slow network never looks like a dead node.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often expired leases, expired messages and early status reports are looked at.</summary>
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a status report that matches no part yet is kept for the part to be saved.</summary>
    public TimeSpan EarlyReportWindow { get; set; } = TimeSpan.FromMinutes(10);
}
