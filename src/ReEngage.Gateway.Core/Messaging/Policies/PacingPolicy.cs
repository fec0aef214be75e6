namespace ReEngage.Gateway.Core.Messaging.Policies;

/// <summary>A modem's recent sending, as the pacing rules need it.</summary>
/// <param name="NthLatestInMinute">The <c>PerMinute</c>-th most recent part within the last minute, when there are that many.</param>
/// <param name="LastHour">Parts in the last hour.</param>
/// <param name="Today">Parts since midnight UTC.</param>
public readonly record struct PacingWindow(DateTimeOffset? NthLatestInMinute, int LastHour, int Today);

/// <summary>
/// Per-SIM pacing: how long a modem must wait before its next part so it keeps within the per-minute,
/// per-hour and daily limits its SIM plan imposes, and the small random pause that keeps a SIM from
/// sending with a machine's rhythm.
/// </summary>
public static class PacingPolicy
{
    public static TimeSpan Wait(ModemOptions limits, PacingWindow window, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (window.NthLatestInMinute is { } edge)
        {
            // The window frees when its oldest part ages out.
            return Positive(edge.AddMinutes(1) - now);
        }

        if (limits.PerHour is { } perHour && window.LastHour >= perHour)
        {
            return TimeSpan.FromMinutes(1);
        }

        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return window.Today >= limits.DailyLimit ? dayStart.AddDays(1) - now : TimeSpan.Zero;
    }

    /// <summary>
    /// A random pause after a send, so a SIM does not send with a machine's rhythm — taken only from the slack
    /// between the modem's own time per part and the pacing interval, and at most a tenth of that interval:
    /// it never lowers the rate below what the SIM's plan and the modem allow together.
    /// </summary>
    /// <param name="perMinute">The modem's per-minute limit.</param>
    /// <param name="maxJitter">The configured ceiling.</param>
    /// <param name="random">A sample in [0, 1).</param>
    /// <param name="partTime">How long a part takes on this modem (its moving average), when known.</param>
    public static TimeSpan Jitter(int perMinute, TimeSpan maxJitter, double random, TimeSpan? partTime = null)
    {
        var pacing = TimeSpan.FromMinutes(1) / Math.Max(1, perMinute);
        var ceiling = Math.Min(maxJitter.Ticks, pacing.Ticks / 10);
        if (partTime is { } took)
        {
            ceiling = Math.Min(ceiling, (pacing - took).Ticks);
        }

        return ceiling <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)(ceiling * Math.Clamp(random, 0, 1)));
    }

    private static TimeSpan Positive(TimeSpan wait) => wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
}
