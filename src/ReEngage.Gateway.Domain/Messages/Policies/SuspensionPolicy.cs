namespace ReEngage.Gateway.Core.Messaging.Policies;

/// <summary>
/// When a suspended modem (it answered that it cannot send at all: no SMSC, SIM trouble) is probed again:
/// after 1, 5 and 15 minutes, then every 15 — soon enough to notice a fixed SIM, rarely enough not to
/// hammer a modem that stays broken.
/// </summary>
public static class SuspensionPolicy
{
    private static readonly TimeSpan[] Steps = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)];

    /// <summary>The wait before probe number <paramref name="probesDone"/> + 1.</summary>
    public static TimeSpan NextProbeAfter(int probesDone) => Steps[Math.Clamp(probesDone, 0, Steps.Length - 1)];
}
