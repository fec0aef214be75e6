namespace ReEngage.Gateway.Core.Messaging;

/// <summary>One SMS part of an outbound message, with its PDU computed at acceptance. Changed only through its message.</summary>
public sealed class OutboundPart
{
    public long Id { get; set; }

    public long MessageId { get; set; }

    public OutboundMessage? Message { get; set; }

    public int Sequence { get; set; }

    public required string Pdu { get; set; }

    public int TpduLength { get; set; }

    public PartStatus Status { get; internal set; }

    /// <summary>TP-MR from +CMGS.</summary>
    public int? Reference { get; internal set; }

    public string? Modem { get; internal set; }

    public DateTimeOffset? SubmittedAt { get; internal set; }

    public DateTimeOffset? ReportedAt { get; internal set; }

    /// <summary>TP-ST of the last status report.</summary>
    public int? ReportStatus { get; internal set; }

    internal void MoveTo(PartStatus to)
    {
        if (!MessageTransitions.IsLegal(Status, to))
        {
            throw new IllegalTransitionException($"Part {Sequence} of message {MessageId}: {Status} → {to} is not a legal transition.");
        }

        Status = to;
    }
}
