namespace ReEngage.Gateway.Core.Messaging;

/// <summary>Where an outbound message is. Final: Sent (without a report request), Delivered, Failed, Expired, Cancelled.</summary>
public enum MessageStatus
{
    Queued,
    Scheduled,
    Sending,
    Sent,
    Delivered,
    Failed,
    Expired,
    Cancelled,
}

/// <summary>Dispatch order: transactional before normal before marketing.</summary>
public enum MessagePriority
{
    High = 0,
    Normal = 1,
    Low = 2,
}

/// <summary>Where one part is.</summary>
public enum PartStatus
{
    /// <summary>Not sent yet.</summary>
    Pending,

    /// <summary>Recorded before AT+CMGS: if the gateway dies now, whether it went out is unknown.</summary>
    Submitting,

    /// <summary>Accepted by the network, with its TP-MR.</summary>
    Submitted,

    /// <summary>The status report says delivered.</summary>
    Delivered,

    /// <summary>The status report says it failed for good.</summary>
    Failed,
}
