namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>The "Gateway:Webhooks" section: how deliveries are sent, retried and given up on.</summary>
public sealed class WebhookOptions
{
    /// <summary>How long one request may take before it counts as a failed attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Receivers sent to at the same time (each receiver has one request in flight per node).</summary>
    public int MaxConcurrentReceivers { get; set; } = 8;

    /// <summary>How long a webhook may fail without a single success before it is disabled; zero never disables.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long the previous secret keeps signing after a rotation.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a sender holds a claimed delivery; longer than <see cref="Timeout"/>, so that only a sender
    /// that died (or stalled) loses it to another.
    /// </summary>
    public TimeSpan Lease => Timeout + TimeSpan.FromSeconds(30);

    internal IEnumerable<string> Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return $"Gateway:Webhooks:Timeout must be between 0 and 5 minutes (it is {Timeout}).";
        }

        if (MaxConcurrentReceivers is < 1 or > 256)
        {
            yield return $"Gateway:Webhooks:MaxConcurrentReceivers must be between 1 and 256 (it is {MaxConcurrentReceivers}).";
        }

        if (DisableAfter < TimeSpan.Zero)
        {
            yield return $"Gateway:Webhooks:DisableAfter cannot be negative (it is {DisableAfter}).";
        }

        if (SecretOverlap < TimeSpan.Zero)
        {
            yield return $"Gateway:Webhooks:SecretOverlap cannot be negative (it is {SecretOverlap}).";
        }
    }
}
