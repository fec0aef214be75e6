namespace ReEngage.Gateway.Core.Marketing;

/// <summary>The contact's side of undoing a misread keyword opt-out (<see cref="ContactTransitions.UndoRefusal"/>).</summary>
public sealed partial class Contact
{
    /// <summary>
    /// Back to the status the contact had before <paramref name="optOut"/>, when the rules allow it, recording
    /// the same <see cref="Messaging.ContactStatusChanged"/> (by the operator) as any change, and the undo on the
    /// opt-out itself; the refusal otherwise.
    /// </summary>
    public string? UndoKeywordOptOut(KeywordOptOut optOut, bool askedAgain, string? reason, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(optOut);
        if (ContactTransitions.UndoRefusal(optOut, Id, Status, askedAgain, reason) is { } refusal)
        {
            return refusal;
        }

        var to = optOut.PreviousStatus!.Value;
        events.Add(new Messaging.ContactStatusChanged(this, Status, to, ContactChangeBy.Operator, ContactTransitions.UndoKeywordOptOutReason));
        Status = to;
        UpdatedAt = now;
        optOut.MarkUndone(now, by, reason!.Trim());
        return null;
    }
}
