using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// Tells the shop when marketing moved a contact between lists (sleeping, reactivated, unsubscribed), so a
/// shop or e-mail tool can follow without polling. Queued in the context: saved with the status change.
/// </summary>
public static class ContactStatusEvents
{
    public static async Task EnqueueAsync(GatewayDbContext db, Contact contact, ContactStatus from, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        await EnqueueAsync(db, contact.Id, contact.ExternalId, contact.Phone, from, contact.Status, reason, now, cancellationToken).ConfigureAwait(false);
    }

    public static async Task EnqueueAsync(GatewayDbContext db, long id, string? externalId, string phone, ContactStatus from, ContactStatus to, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var eventName = to switch
        {
            ContactStatus.Sleeping => WebhookEvents.ContactSleeping,
            ContactStatus.Active when from != ContactStatus.Active => WebhookEvents.ContactReactivated,
            ContactStatus.Unsubscribed => WebhookEvents.ContactUnsubscribed,
            _ => null,
        };
        if (eventName is not null && from != to)
        {
            await WebhookOutbox.EnqueueAsync(db, eventName, new { id, externalId, phone, status = ContactView.StatusName(to), previousStatus = ContactView.StatusName(from), reason }, now, cancellationToken).ConfigureAwait(false);
        }
    }
}
