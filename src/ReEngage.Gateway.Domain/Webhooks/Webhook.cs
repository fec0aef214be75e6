namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>An integrator's webhook subscription: one receiver, its events, its signing secrets and its health.</summary>
public sealed class Webhook
{
    public long Id { get; set; }

    public required string Url { get; set; }

    /// <summary>Comma-separated event names ("message.status,message.inbound,contact.optout").</summary>
    public required string Events { get; set; }

    public required string Secret { get; set; }

    /// <summary>The operator's note on what this receiver is ("shop order updates").</summary>
    public string? Description { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The secret in force before the last rotation: it keeps signing until <see cref="PreviousSecretUntil"/>.</summary>
    public string? PreviousSecret { get; set; }

    public DateTimeOffset? PreviousSecretUntil { get; set; }

    /// <summary>
    /// When the first of an unbroken run of failed attempts happened (null after a success): the clock
    /// that automatic disabling reads.
    /// </summary>
    public DateTimeOffset? FailingSince { get; set; }

    /// <summary>When the webhook stopped receiving events (by an operator, or after failing for too long); null while enabled.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public string? DisabledReason { get; set; }

    public bool Enabled => DisabledAt is null;

    public IReadOnlyList<string> EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The secrets each request is signed with now: the current one, and during a rotation's overlap the
    /// previous one too, so receivers can switch at their own pace.
    /// </summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is { } previous && PreviousSecretUntil > now ? [Secret, previous] : [Secret];

    /// <summary>Replaces the secret; the old one keeps signing for <paramref name="overlap"/>.</summary>
    public void RotateSecret(string secret, DateTimeOffset now, TimeSpan overlap)
    {
        PreviousSecret = overlap > TimeSpan.Zero ? Secret : null;
        PreviousSecretUntil = overlap > TimeSpan.Zero ? now + overlap : null;
        Secret = secret;
    }

    public void Disable(string reason, DateTimeOffset now)
    {
        DisabledAt ??= now;
        DisabledReason = reason;
    }

    /// <summary>Back in service: the failure run that may have disabled it is forgotten.</summary>
    public void Enable()
    {
        DisabledAt = null;
        DisabledReason = null;
        FailingSince = null;
    }
}
