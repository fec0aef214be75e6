namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// An opt-out the gateway read from an inbound SMS: which message, which keyword in which language, and
/// what the contact was before, so the operator sees why a contact left and can undo a misreading once
/// (who, when and why are kept here: the audit of the undo).
/// </summary>
public sealed class KeywordOptOut
{
    public long Id { get; set; }

    /// <summary>The inbound SMS the keyword was read in.</summary>
    public long InboundId { get; set; }

    /// <summary>E.164, as the opt-out list holds it.</summary>
    public required string Phone { get; set; }

    public long? ContactId { get; set; }

    /// <summary>The keyword as its set spells it ("BASTA").</summary>
    public required string Keyword { get; set; }

    /// <summary>The keyword set's language ("it"); null for the business's language-free list.</summary>
    public string? Language { get; set; }

    /// <summary>The word as written when it was read as a typo of <see cref="Keyword"/>.</summary>
    public string? Typo { get; set; }

    /// <summary>The contact's status before the SMS; null when the number had no contact.</summary>
    public ContactStatus? PreviousStatus { get; set; }

    /// <summary>The number was on the do-not-message list before this SMS: the SMS changed nothing.</summary>
    public bool AlreadyListed { get; set; }

    public DateTimeOffset At { get; set; }

    public DateTimeOffset? UndoneAt { get; set; }

    /// <summary>The dashboard user (or API key) that undid it.</summary>
    public string? UndoneBy { get; set; }

    public string? UndoReason { get; set; }

    /// <summary>The opt-out read from <paramref name="match"/>; <paramref name="contact"/> before it changes.</summary>
    public static KeywordOptOut Of(long inboundId, string phone, KeywordMatch match, Contact? contact, bool alreadyListed, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(match);
        return new KeywordOptOut
        {
            InboundId = inboundId,
            Phone = phone,
            ContactId = contact?.Id,
            Keyword = match.Keyword.Length > 64 ? match.Keyword[..64] : match.Keyword,
            Language = match.Language,
            Typo = match.Typo is { Length: > 32 } typo ? typo[..32] : match.Typo,
            PreviousStatus = contact?.Status,
            AlreadyListed = alreadyListed,
            At = at,
        };
    }

    /// <summary>The value <c>opt_outs.source</c> keeps for it: "sms:BASTA (it)".</summary>
    public string Source()
    {
        var source = "sms:" + (Language is null ? Keyword : $"{Keyword} ({Language})");
        return source.Length > 64 ? source[..64] : source;
    }

    internal void MarkUndone(DateTimeOffset at, string by, string reason)
    {
        UndoneAt = at;
        UndoneBy = by;
        UndoReason = reason;
    }
}
