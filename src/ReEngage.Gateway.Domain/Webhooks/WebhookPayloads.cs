using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>
/// Every webhook body: the event's name, when it was queued, and its payload. One shape for every event, so
/// a receiver dispatches on <c>event</c> and the OpenAPI document describes each payload by name.
/// </summary>
public sealed record WebhookEnvelope<T>(string Event, DateTimeOffset At, T Data);

/// <summary><c>webhook.test</c>: a test the business asked for from the dashboard or the API.</summary>
/// <param name="Message">A fixed sentence saying so.</param>
public sealed record WebhookTestPayload(string Message);

/// <summary><c>message.inbound</c>: an SMS arrived.</summary>
/// <param name="Id">The inbound message's id (as listed by <c>GET /api/v1/inbound</c>).</param>
/// <param name="From">The sender: E.164 when the network gave a number, else as sent (an alphanumeric name).</param>
/// <param name="Text">The whole text, reassembled from its parts.</param>
/// <param name="Modem">The modem (SIM) that received it.</param>
/// <param name="ReceivedAt">When the gateway stored it.</param>
/// <param name="Complete">False when parts were still missing at the reassembly timeout.</param>
public sealed record InboundMessagePayload(long Id, string From, string Text, string Modem, DateTimeOffset ReceivedAt, bool Complete)
{
    public static InboundMessagePayload Of(InboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(message.Id, message.From, message.Text, message.Modem, message.ReceivedAt, message.Complete);
    }
}

/// <summary>
/// <c>contact.optout</c>: a number was put on the do-not-message list. <paramref name="Source"/> says how:
/// <c>sms</c> (the person texted a stop word), <c>api</c> (the business, through the API or the dashboard)
/// or <c>import</c> (a CSV import); the contact's id and external id when the number belongs to one.
/// </summary>
public sealed record ContactOptOutPayload(string Phone, DateTimeOffset At, string Source, string? Modem, long? ContactId, string? ExternalId)
{
    /// <summary>The stored source ("sms:STOP") reduced to its kind ("sms").</summary>
    public static string SourceKind(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var colon = stored.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? stored : stored[..colon];
    }
}

/// <summary>
/// <c>contact.status</c> (every change) and <c>contact.sleeping</c>, <c>contact.reactivated</c>,
/// <c>contact.unsubscribed</c> (the marketing lists): a contact moved from <paramref name="PreviousStatus"/>
/// to <paramref name="Status"/> (<c>active</c>, <c>sleeping</c>, <c>unsubscribed</c>, <c>opted_out</c>).
/// <paramref name="ChangedBy"/> is <c>person</c>, <c>operator</c> or <c>marketing</c>; <paramref name="Reason"/>
/// names what did it (<c>sms</c>, <c>api</c>, <c>import</c>, <c>sleeping_segment</c>, <c>automation:7</c>).
/// </summary>
public sealed record ContactStatusPayload(long Id, string? ExternalId, string Phone, string Status, string? PreviousStatus, string ChangedBy, string Reason)
{
    public static ContactStatusPayload Of(long id, string? externalId, string phone, ContactStatus? from, ContactStatus to, ContactChangeBy by, string reason) =>
        new(id, externalId, phone, ContactTransitions.Name(to), from is { } f ? ContactTransitions.Name(f) : null, by.ToString().ToLowerInvariant(), reason);

    /// <summary>
    /// The events a change is announced as: always <c>contact.status</c>; also the older list events a receiver
    /// may subscribe to instead (<c>contact.optout</c> is announced by the opt-out record itself).
    /// </summary>
    public static IEnumerable<string> Events(ContactStatus? from, ContactStatus to)
    {
        yield return WebhookEvents.ContactStatus;
        switch (to)
        {
            case ContactStatus.Sleeping:
                yield return WebhookEvents.ContactSleeping;
                break;
            case ContactStatus.Active when from is not null and not ContactStatus.Active:
                yield return WebhookEvents.ContactReactivated;
                break;
            case ContactStatus.Unsubscribed:
                yield return WebhookEvents.ContactUnsubscribed;
                break;
        }
    }
}
