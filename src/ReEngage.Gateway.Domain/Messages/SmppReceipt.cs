namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// A delivery receipt owed to an SMPP account: written in the same save as the message's final transition
/// (so a crash can neither lose it nor announce an outcome that was rolled back), deleted once a bind of
/// the account acknowledged its deliver_sm. Kept while no receiver is bound.
/// </summary>
public sealed class SmppReceipt : ISmppDelivery
{
    /// <summary>The longest excerpt of the message kept for the receipt text.</summary>
    public const int ExcerptLength = 20;

    public long Id { get; set; }

    /// <summary>The message (and the SMPP message_id, its decimal form).</summary>
    public long MessageId { get; set; }

    /// <summary>The account's system_id.</summary>
    public required string SystemId { get; set; }

    /// <summary>The submit's source_addr: the receipt's destination_addr.</summary>
    public required string ClientAddress { get; set; }

    /// <summary>The message's recipient: the receipt's source_addr.</summary>
    public required string Recipient { get; set; }

    /// <summary>Delivered, Failed or Expired.</summary>
    public MessageStatus Outcome { get; set; }

    /// <summary>The message's error code (e.g. "CMS 21"), when it failed.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>The first characters of the message, for the receipt's text field.</summary>
    public required string Excerpt { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset DoneAt { get; set; }

    public DateTimeOffset? LeasedUntil { get; set; }

    public string? LeaseToken { get; set; }

    /// <summary>Made for a message that reached its outcome, when its submit asked for it; null otherwise.</summary>
    public static SmppReceipt? For(OutboundMessage message, MessageStatus outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!SmppOrigin.TryParse(message.Source, out var origin) || !origin!.WantsReceipt(outcome))
        {
            return null;
        }

        return new SmppReceipt
        {
            MessageId = message.Id,
            SystemId = origin.SystemId,
            ClientAddress = origin.SourceAddress,
            Recipient = message.To,
            Outcome = outcome,
            ErrorCode = outcome == MessageStatus.Delivered ? null : message.ErrorCode is { Length: > 64 } code ? code[..64] : message.ErrorCode,
            Excerpt = message.Text.Length <= ExcerptLength ? message.Text : message.Text[..ExcerptLength],
            SubmittedAt = message.CreatedAt,
            DoneAt = outcome == MessageStatus.Delivered && message.DeliveredAt is { } delivered ? delivered : now,
        };
    }
}
