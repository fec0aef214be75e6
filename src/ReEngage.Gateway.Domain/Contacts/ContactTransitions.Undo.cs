namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// The one way an operator may take a contact out of <c>opted_out</c>: undoing an opt-out the gateway
/// itself read from a keyword, when it read a reply wrongly. Consent the person withdrew is still theirs
/// alone to give back; this only repairs the gateway's reading, once, with a reason kept for the audit.
/// </summary>
public static partial class ContactTransitions
{
    /// <summary>The <c>contact.status</c> reason of an undone keyword opt-out.</summary>
    public const string UndoKeywordOptOutReason = "undo_keyword_optout";

    /// <summary>
    /// Why the operator may not undo <paramref name="optOut"/> on a contact in <paramref name="status"/>; null when
    /// allowed. <paramref name="askedAgain"/>: the number was opted out again after it (another keyword, the
    /// API, an import), a request that stands.
    /// </summary>
    public static string? UndoRefusal(KeywordOptOut optOut, long contactId, ContactStatus status, bool askedAgain, string? reason)
    {
        ArgumentNullException.ThrowIfNull(optOut);
        return optOut switch
        {
            { UndoneAt: { } undone } => $"This opt-out was already undone ({undone:yyyy-MM-dd HH:mm} UTC, by {optOut.UndoneBy}).",
            _ when optOut.ContactId != contactId => "This opt-out belongs to another contact.",
            { AlreadyListed: true } or { PreviousStatus: null or ContactStatus.OptedOut } => $"{optOut.Phone} had already opted out before this message: there is nothing to undo, and only the person can opt back in.",
            _ when status != ContactStatus.OptedOut => "The contact is no longer opted out.",
            _ when askedAgain => $"{optOut.Phone} opted out again after this message: only the person can opt back in, by texting START.",
            _ when string.IsNullOrWhiteSpace(reason) => "Say why the opt-out was wrong: the reason is kept with the contact.",
            _ => null,
        };
    }
}
