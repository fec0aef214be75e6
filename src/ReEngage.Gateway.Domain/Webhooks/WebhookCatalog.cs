namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>
/// Every webhook event and the record its <c>data</c> is: the one list that subscriptions are checked
/// against and that the OpenAPI document's <c>webhooks</c> are generated from (each payload's schema made from
/// its record by the same generator as the routes' bodies, so the two cannot drift apart). WebhookDocumentTests
/// hold the bodies the gateway really sends to it.
/// </summary>
public static class WebhookCatalog
{
    private const string ContactStatusWords = "The contact's new status and the previous one (active, sleeping, unsubscribed, opted_out; "
        + "previousStatus is null for a contact created with that status), who changed it (person, operator, marketing) and why "
        + "(sms, api, import, sleeping_segment, automation:<id>).";

    public static IReadOnlyList<WebhookEventKind> Events { get; } =
    [
        new(WebhookEvents.MessageStatus, "A message changed state", "Sent when a message becomes sent, delivered, failed, expired or cancelled. "
            + "data is the message's status in one shape whatever changed it (the same object the live hub's MessageStatus sends); "
            + "error.code says why it failed, expired or was cancelled. One message's events reach a receiver in the order they happened.",
            typeof(MessageStatusChanged)),
        new(WebhookEvents.MessageInbound, "An SMS arrived", "Sent when an inbound SMS has been stored (all its parts, or what had arrived at the reassembly timeout: complete is false then).",
            typeof(InboundMessagePayload)),
        new(WebhookEvents.ContactOptOut, "A number was put on the do-not-message list", "Sent when a number opts out: source is sms (the person texted a stop word), "
            + "api (the business, through the API or the dashboard) or import (a CSV import); contactId and externalId when the number belongs to a contact.",
            typeof(ContactOptOutPayload)),
        new(WebhookEvents.ContactStatus, "A contact's status changed", "Sent for every change of a contact's status, whatever the cause; the list events "
            + "(contact.sleeping, contact.reactivated, contact.unsubscribed) are subsets of it with the same data. " + ContactStatusWords,
            typeof(ContactStatusPayload)),
        new(WebhookEvents.ContactSleeping, "A contact became sleeping", "Sent when a contact enters the sleeping segment (left out of regular mailings from now on). " + ContactStatusWords,
            typeof(ContactStatusPayload)),
        new(WebhookEvents.ContactReactivated, "A contact is active again", "Sent when a contact comes back to active from another status: it left the sleeping segment, "
            + "engaged during a re-engagement run, or texted START. " + ContactStatusWords,
            typeof(ContactStatusPayload)),
        new(WebhookEvents.ContactUnsubscribed, "A contact was unsubscribed", "Sent when a contact is taken off the marketing list: a re-engagement run ended without a response, "
            + "or the business unsubscribed them. " + ContactStatusWords,
            typeof(ContactStatusPayload)),
    ];

    /// <summary>The test event: sent to one receiver on request, whatever it subscribed to, so not in <see cref="Events"/>.</summary>
    public static WebhookEventKind Test { get; } = new(WebhookEvents.Test, "A test the business asked for",
        "Sent to one webhook when the business presses \"Send test\" in the dashboard or calls POST /api/v1/webhooks/{id}/test, whatever events it subscribed to.",
        typeof(WebhookTestPayload));

    /// <summary>Every request body the gateway sends to a webhook, for the API document: the events, then the test.</summary>
    public static IReadOnlyList<WebhookEventKind> Documented { get; } = [.. Events, Test];

    /// <summary>The event names, in the catalog's order (what a webhook may subscribe to).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Events.Select(e => e.Name)];

    private static readonly Dictionary<string, WebhookEventKind> ByName = Events.ToDictionary(e => e.Name, StringComparer.Ordinal);

    public static WebhookEventKind? Find(string eventName) => ByName.GetValueOrDefault(eventName);
}
