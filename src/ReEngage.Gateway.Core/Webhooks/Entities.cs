namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>An integrator's webhook subscription.</summary>
public sealed class Webhook
{
    public long Id { get; set; }

    public required string Url { get; set; }

    /// <summary>Comma-separated event names ("message.status,message.inbound,contact.optout").</summary>
    public required string Events { get; set; }

    public required string Secret { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public IReadOnlyList<string> EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Outcome of a delivery.</summary>
public enum DeliveryState
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One event for one webhook: written in the same transaction as the change it reports (an outbox).</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }

    public long WebhookId { get; set; }

    public required string Event { get; set; }

    public required string Payload { get; set; }

    public DeliveryState State { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }
}
