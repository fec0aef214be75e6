using ReEngage.Gateway.Sms;

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

/// <summary>An outbound message in the outbox.</summary>
public sealed class OutboundMessage
{
    public long Id { get; set; }

    public required string To { get; set; }

    public required string Text { get; set; }

    public MessageStatus Status { get; set; }

    public MessagePriority Priority { get; set; } = MessagePriority.Normal;

    public SmsEncoding Encoding { get; set; }

    public int PartCount { get; set; }

    public bool StatusReport { get; set; }

    /// <summary>The modem the integrator asked for; null lets the dispatcher choose.</summary>
    public string? RequestedModem { get; set; }

    /// <summary>Sticky routing: the modem that last talked to this contact (replies come back to the same SIM).</summary>
    public string? PreferredModem { get; set; }

    /// <summary>A modem that failed it with a network error: others are tried first.</summary>
    public string? AvoidModem { get; set; }

    /// <summary>The modem that sent (or is sending) it.</summary>
    public string? Modem { get; set; }

    public string? IdempotencyKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SendAt { get; set; }

    public DateTimeOffset? ValidUntil { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>Set when the outcome is unknown (a crash or timeout after AT+CMGS): the operator decides.</summary>
    public bool NeedsAttention { get; set; }

    /// <summary>Sent with a status report requested, and none came within Gateway:StatusReportTimeout (<see cref="ReportOverduePolicy"/>).</summary>
    public bool ReportOverdue { get; set; }

    /// <summary>An automation or campaign's id, when marketing sent it.</summary>
    public string? Source { get; set; }

    public List<OutboundPart> Parts { get; set; } = [];

    public bool IsFinal => Status is MessageStatus.Delivered or MessageStatus.Failed or MessageStatus.Expired or MessageStatus.Cancelled
        || (Status == MessageStatus.Sent && !StatusReport);
}

/// <summary>One SMS part of an outbound message, with its PDU computed at acceptance.</summary>
public sealed class OutboundPart
{
    public long Id { get; set; }

    public long MessageId { get; set; }

    public OutboundMessage? Message { get; set; }

    public int Sequence { get; set; }

    public required string Pdu { get; set; }

    public int TpduLength { get; set; }

    public PartStatus Status { get; set; }

    /// <summary>TP-MR from +CMGS.</summary>
    public int? Reference { get; set; }

    public string? Modem { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public DateTimeOffset? ReportedAt { get; set; }

    /// <summary>TP-ST of the last status report.</summary>
    public int? ReportStatus { get; set; }
}

/// <summary>An inbound SMS, stored whole.</summary>
public sealed class InboundMessage
{
    public long Id { get; set; }

    public required string From { get; set; }

    public required string Text { get; set; }

    public required string Modem { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>False when parts were missing at the reassembly timeout.</summary>
    public bool Complete { get; set; } = true;

    /// <summary>"stop", "start", "help" when the text was a keyword.</summary>
    public string? Keyword { get; set; }

    /// <summary>Sender, SMSC time stamp, concatenation and text, hashed: the same SMS delivered again matches it.</summary>
    public string? Fingerprint { get; set; }
}

/// <summary>A number that must not receive marketing SMS. Kept even when the contact is erased.</summary>
public sealed class OptOut
{
    public required string Phone { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Source { get; set; }
}
