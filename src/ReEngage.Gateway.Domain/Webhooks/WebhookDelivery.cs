namespace ReEngage.Gateway.Core.Webhooks;

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

    /// <summary>
    /// Events with the same key (one message's status changes: "message:42") reach a receiver in the order
    /// they were written: one is not sent while an earlier one for the same receiver is still pending.
    /// Null for events that need no order among themselves.
    /// </summary>
    public string? OrderingKey { get; set; }

    public DeliveryState State { get; set; }

    /// <summary>Attempts made, over the delivery's whole life (redeliveries included).</summary>
    public int Attempts { get; set; }

    /// <summary>The value of <see cref="Attempts"/> when it was last queued: the retry schedule counts from here.</summary>
    public int AttemptsBeforeQueued { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    /// <summary>The node sending it now; with <see cref="LeaseUntil"/>, a lease that another sender may take once it ran out.</summary>
    public string? ClaimedBy { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>The Standard Webhooks id: the same for every attempt and redelivery of this event to this receiver.</summary>
    public string WebhookMessageId => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"msg_{Id}");

    /// <summary>Queues it again (an operator's redelivery): same id and body, a fresh retry schedule.</summary>
    public void Requeue(DateTimeOffset now)
    {
        State = DeliveryState.Pending;
        AttemptsBeforeQueued = Attempts;
        NextAttemptAt = now;
    }
}
