using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// An outbound message in the outbox, and the owner of its lifecycle: its state and its parts' states
/// change only through the methods below, which enforce <see cref="MessageTransitions"/>, bump
/// <see cref="Version"/> (the concurrency token: two writers of one message can never silently overwrite
/// each other) and record the event that the save turns into webhook rows and a live update.
/// </summary>
public sealed class OutboundMessage : IHasDomainEvents
{
    /// <summary>The longest <see cref="Reference"/> accepted.</summary>
    public const int MaxReferenceLength = 256;

    private readonly List<DomainEvent> events = [];
    private MessageStatus status;

    public long Id { get; set; }

    public required string To { get; set; }

    public required string Text { get; set; }

    public MessageStatus Status { get => status; init => status = value; }

    public MessagePriority Priority { get; set; } = MessagePriority.Normal;

    public SmsEncoding Encoding { get; set; }

    public int PartCount { get; set; }

    public bool StatusReport { get; set; }

    /// <summary>The modem the integrator asked for; null lets the dispatcher choose.</summary>
    public string? RequestedModem { get; set; }

    /// <summary>Sticky routing: the modem that last talked to this contact (replies come back to the same SIM).</summary>
    public string? PreferredModem { get; set; }

    /// <summary>A modem that failed it with a network error: others are tried first.</summary>
    public string? AvoidModem { get; internal set; }

    /// <summary>The modem that sent (or is sending) it; kept while the message waits with parts already sent (one SIM per message).</summary>
    public string? Modem { get; internal set; }

    /// <summary>The gateway node holding the lease while it is being sent.</summary>
    public string? ClaimedBy { get; internal set; }

    /// <summary>Until when the claim holds; an expired lease returns the message to the queue (or flags it, when a part is in doubt).</summary>
    public DateTimeOffset? LeaseUntil { get; internal set; }

    /// <summary>Bumped by every change: the optimistic concurrency token.</summary>
    public int Version { get; private set; }

    public string? IdempotencyKey { get; set; }

    /// <summary>The integrator's own free-text reference (an order number), at most 256 characters; returned with every status.</summary>
    public string? Reference { get; set; }

    /// <summary>A hash of the request that carried <see cref="IdempotencyKey"/>: the same key with another request is refused.</summary>
    public string? RequestHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SendAt { get; set; }

    public DateTimeOffset? ValidUntil { get; set; }

    public DateTimeOffset? SentAt { get; internal set; }

    public DateTimeOffset? DeliveredAt { get; internal set; }

    public DateTimeOffset? NextAttemptAt { get; internal set; }

    public int Attempts { get; internal set; }

    public string? ErrorCode { get; internal set; }

    public string? ErrorMessage { get; internal set; }

    /// <summary>Set when the outcome is unknown (a crash or timeout after AT+CMGS): the operator decides.</summary>
    public bool NeedsAttention { get; internal set; }

    /// <summary>Sent with a status report requested, and none came within Gateway:StatusReportTimeout (<see cref="ReportOverduePolicy"/>).</summary>
    public bool ReportOverdue { get; internal set; }

    /// <summary>An automation or campaign's id, when marketing sent it.</summary>
    public string? Source { get; set; }

    public List<OutboundPart> Parts { get; set; } = [];

    public bool IsFinal => Status is MessageStatus.Delivered or MessageStatus.Failed or MessageStatus.Expired or MessageStatus.Cancelled
        || (Status == MessageStatus.Sent && !StatusReport);

    /// <summary>Whether any part may have reached the network (a concatenated message must then finish on the same SIM).</summary>
    public bool AnyPartOut => Parts.Exists(p => p.Status is PartStatus.Submitted or PartStatus.Delivered or PartStatus.Failed);

    /// <summary>Claims the message for one modem of one node until <paramref name="leaseUntil"/>.</summary>
    public void Claim(string node, string modem, DateTimeOffset leaseUntil)
    {
        MoveTo(MessageStatus.Sending);
        Modem = modem;
        ClaimedBy = node;
        LeaseUntil = leaseUntil;
        Attempts++;
    }

    /// <summary>Checkpoint before AT+CMGS: from here until <see cref="PartSubmitted"/> the part's fate is unknown if the gateway dies.</summary>
    public void BeginPart(int sequence, DateTimeOffset leaseUntil)
    {
        RequireStatus(MessageStatus.Sending);
        var part = Part(sequence);
        part.MoveTo(PartStatus.Submitting);
        part.Modem = Modem;
        LeaseUntil = leaseUntil;
        Touch();
    }

    /// <summary>The network accepted the part with this TP-MR.</summary>
    public void PartSubmitted(int sequence, int reference, DateTimeOffset at)
    {
        var part = Part(sequence);
        part.MoveTo(PartStatus.Submitted);
        part.Reference = reference;
        part.SubmittedAt = at;
        Touch();
        events.Add(new MessageProgressed(this));
    }

    /// <summary>The part was certainly not sent (the modem refused it before it went out).</summary>
    public void PartNotSent(int sequence)
    {
        Part(sequence).MoveTo(PartStatus.Pending);
        Touch();
    }

    /// <summary>Every part is out. Reports that came in early may already settle it as delivered or failed.</summary>
    public void MarkSent(DateTimeOffset at)
    {
        if (Parts.Exists(p => p.Status is PartStatus.Pending or PartStatus.Submitting))
        {
            throw new IllegalTransitionException($"Message {Id} cannot be sent with parts still pending.");
        }

        MoveTo(MessageStatus.Sent);
        SentAt = at;
        ErrorCode = null;
        ErrorMessage = null;
        ReleaseLease();
        Settle(Parts.Max(p => p.ReportedAt) ?? at);
    }

    /// <summary>Back to the queue: a retry later, or at once on another modem. Parts already out keep it on its modem.</summary>
    public void Requeue(DateTimeOffset? nextAttemptAt, string? errorCode, string? errorMessage, string? avoidModem, bool countsAsAttempt)
    {
        MoveTo(MessageStatus.Queued);
        if (!countsAsAttempt)
        {
            Attempts = Math.Max(0, Attempts - 1);
        }

        NextAttemptAt = nextAttemptAt;
        if (errorCode is not null)
        {
            ErrorCode = errorCode;
            ErrorMessage = errorMessage;
        }

        Modem = AnyPartOut ? Modem : null;
        AvoidModem = AnyPartOut ? null : avoidModem;
        ReleaseLease();
    }

    public void Fail(string code, string text, bool needsAttention = false)
    {
        MoveTo(MessageStatus.Failed);
        ErrorCode = code;
        ErrorMessage = text;
        NeedsAttention |= needsAttention;
        ReleaseLease();
    }

    /// <summary>Cancelled before it went out (API, campaign, erasure, an opt-out found at send time).</summary>
    public void Cancel(string code, string text)
    {
        if (AnyPartOut || Parts.Exists(p => p.Status == PartStatus.Submitting))
        {
            throw new IllegalTransitionException($"Message {Id} cannot be cancelled: a part is out.");
        }

        MoveTo(MessageStatus.Cancelled);
        ErrorCode = code;
        ErrorMessage = text;
        ReleaseLease();
    }

    public void Expire() => Fail(MessageStatus.Expired, "EXPIRED", "validUntil passed before the message could be sent.");

    /// <summary>
    /// The lease ran out (the node died or stalled): a part left submitting may have gone out, so it is not
    /// sent again — the message fails and waits for the operator; otherwise it goes back to the queue.
    /// </summary>
    public void ResolveExpiredLease()
    {
        if (Parts.Exists(p => p.Status == PartStatus.Submitting))
        {
            Fail("UNKNOWN_OUTCOME", "The gateway stopped while a part was being submitted: it may or may not have been sent, so it was not sent again.", needsAttention: true);
            return;
        }

        Requeue(null, null, null, null, countsAsAttempt: true);
    }

    /// <summary>A status report for one part. Settles the message when it is sent and every part has its answer.</summary>
    /// <param name="sequence">The part the report is about.</param>
    /// <param name="outcome">What the report says.</param>
    /// <param name="reportStatus">TP-ST.</param>
    /// <param name="reportedAt">When the gateway received it.</param>
    /// <param name="deliveredAt">When the network says it delivered (its discharge time, when plausible).</param>
    public void ApplyReport(int sequence, DeliveryOutcome outcome, int reportStatus, DateTimeOffset reportedAt, DateTimeOffset deliveredAt)
    {
        var part = Part(sequence);
        part.ReportStatus = reportStatus;
        part.ReportedAt = reportedAt;
        Touch();
        if (outcome == DeliveryOutcome.Pending || part.Status != PartStatus.Submitted)
        {
            events.Add(new MessageProgressed(this));
            return;
        }

        part.MoveTo(outcome == DeliveryOutcome.Delivered ? PartStatus.Delivered : PartStatus.Failed);
        if (!Settle(deliveredAt))
        {
            events.Add(new MessageProgressed(this));
        }
    }

    /// <summary>Still sent, but no status report is to be expected any more: integrators hear it by webhook.</summary>
    public void MarkReportOverdue()
    {
        RequireStatus(MessageStatus.Sent);
        if (ReportOverdue)
        {
            return;
        }

        ReportOverdue = true;
        Touch();
        events.Add(new MessageReportOverdue(this));
    }

    IReadOnlyList<DomainEvent> IHasDomainEvents.TakeEvents()
    {
        var taken = events.ToArray();
        events.Clear();
        return taken;
    }

    private bool Settle(DateTimeOffset at)
    {
        if (Status != MessageStatus.Sent)
        {
            return false;
        }

        if (Parts.Find(p => p.Status == PartStatus.Failed) is { } failed)
        {
            MoveTo(MessageStatus.Failed);
            ErrorCode = $"ST 0x{failed.ReportStatus ?? 0:X2}";
            ErrorMessage = new DeliveryStatus((byte)(failed.ReportStatus ?? 0)).Description;
            return true;
        }

        if (Parts.TrueForAll(p => p.Status == PartStatus.Delivered))
        {
            MoveTo(MessageStatus.Delivered);
            DeliveredAt = at;
            return true;
        }

        return false;
    }

    private void Fail(MessageStatus to, string code, string text)
    {
        MoveTo(to);
        ErrorCode = code;
        ErrorMessage = text;
        ReleaseLease();
    }

    private void ReleaseLease()
    {
        ClaimedBy = null;
        LeaseUntil = null;
    }

    private void MoveTo(MessageStatus to)
    {
        if (!MessageTransitions.IsLegal(status, to))
        {
            throw new IllegalTransitionException($"Message {Id}: {status} → {to} is not a legal transition.");
        }

        var from = status;
        status = to;
        Touch();
        events.Add(new MessageTransitioned(this, from, to));
    }

    private void RequireStatus(MessageStatus expected)
    {
        if (status != expected)
        {
            throw new IllegalTransitionException($"Message {Id} is {status}, not {expected}.");
        }
    }

    private OutboundPart Part(int sequence) =>
        Parts.Find(p => p.Sequence == sequence) ?? throw new InvalidOperationException($"Message {Id} has no part {sequence} loaded.");

    private void Touch() => Version++;
}
