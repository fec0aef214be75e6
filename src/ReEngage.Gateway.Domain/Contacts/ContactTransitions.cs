namespace ReEngage.Gateway.Core.Marketing;

/// <summary>Who asks for a contact's status to change: the rules differ for each.</summary>
public enum ContactChangeBy
{
    /// <summary>The person, by SMS (STOP, START).</summary>
    Person,

    /// <summary>The business: the API, the dashboard, a CSV import.</summary>
    Operator,

    /// <summary>The gateway's own marketing: the sleeping segment, an automation's end.</summary>
    Marketing,
}

/// <summary>
/// The legal moves between a contact's statuses, as a pure function. Every path that changes a status
/// (the contact's own methods, the set-based sleeping segment, the CSV import) asks here first, so the
/// same request gets the same answer and the same words whichever way it came in.
/// </summary>
public static partial class ContactTransitions
{
    /// <summary>
    /// Why <paramref name="by"/> may not move the contact from <paramref name="from"/> to <paramref name="to"/>;
    /// null when the move is allowed (staying put is always allowed). <paramref name="phoneOptedOut"/> is the
    /// number's opt-out record, which outlives the contact's own status (an erased contact re-imported).
    /// </summary>
    public static string? Refusal(string phone, ContactStatus from, ContactStatus to, ContactChangeBy by, bool phoneOptedOut = false)
    {
        var effective = phoneOptedOut ? ContactStatus.OptedOut : from;
        if (effective == to)
        {
            return null;
        }

        return (effective, to, by) switch
        {
            // Consent withdrawn by the person is theirs to give back: no operator, import or automation may.
            (ContactStatus.OptedOut, _, ContactChangeBy.Person) when to == ContactStatus.Active => null,
            (ContactStatus.OptedOut, _, _) => $"{phone} has opted out: only the person can opt back in, by texting START to the shop's number.",
            (_, ContactStatus.OptedOut, ContactChangeBy.Marketing) => "Marketing never opts a contact out: only the person or the business can.",
            (_, _, ContactChangeBy.Person) when to != ContactStatus.OptedOut => "A person's SMS can only opt out (STOP) or back in (START).",

            // An automation or the sleeping segment moves contacts between the lists it manages, never off
            // a list the business or the person chose.
            (ContactStatus.Unsubscribed, _, ContactChangeBy.Marketing) => $"{phone} is unsubscribed: marketing leaves them where they are.",
            _ => null,
        };
    }

    /// <summary>The status as the API and webhooks spell it.</summary>
    public static string Name(ContactStatus status) => status == ContactStatus.OptedOut ? "opted_out" : status.ToString().ToLowerInvariant();
}
