namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>When a failed delivery is tried again, when it is given up, and when its webhook is disabled: pure functions.</summary>
public static class WebhookRetryPolicy
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6)];

    /// <summary>The waits before each retry, in order (the API document tells receivers this schedule).</summary>
    public static IReadOnlyList<TimeSpan> Schedule => Backoff;

    /// <summary>The next attempt after a failure, or null to give up; <paramref name="attempts"/> counts those since it was queued.</summary>
    public static DateTimeOffset? NextAttempt(int attempts, DateTimeOffset now) =>
        attempts > Backoff.Length ? null : now + Backoff[Math.Max(attempts, 1) - 1];

    /// <summary>Whether a webhook failing since <paramref name="failingSince"/> has failed long enough to be disabled.</summary>
    public static bool ShouldDisable(DateTimeOffset? failingSince, DateTimeOffset now, TimeSpan disableAfter) =>
        disableAfter > TimeSpan.Zero && failingSince is { } since && now - since >= disableAfter;
}
