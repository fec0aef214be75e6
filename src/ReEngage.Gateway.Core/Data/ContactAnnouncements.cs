using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Core.Data;

/// <summary>The webhook rows of a contact's recorded events, added to the save that stores the change.</summary>
internal static class ContactAnnouncements
{
    public static void StatusChanged(WebhookBatch webhooks, GatewayDbContext db, ContactStatusChanged changed, DateTimeOffset now)
    {
        var contact = changed.Contact;
        if (db.Entry(contact).State == EntityState.Added)
        {
            // Its payload needs the id the insert gives: save the new contact, then change its status.
            throw new InvalidOperationException("A new contact's status changed before it was saved.");
        }

        var payload = ContactStatusPayload.Of(contact.Id, contact.ExternalId, contact.Phone, changed.From, changed.To, changed.By, changed.Reason);
        webhooks.AddEach(ContactStatusPayload.Events(changed.From, changed.To), payload, now);
    }

    public static async Task OptedOutAsync(WebhookBatch webhooks, GatewayDbContext db, OptOutRecorded recorded, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!webhooks.AnyFor(WebhookEvents.ContactOptOut))
        {
            return;
        }

        var optOut = recorded.OptOut;
        var contact = db.Contacts.Local.FirstOrDefault(c => c.Phone == optOut.Phone) is { } tracked
            ? (Id: (long?)tracked.Id, tracked.ExternalId)
            : await db.Contacts.AsNoTracking().Where(c => c.Phone == optOut.Phone).Select(c => new { Id = (long?)c.Id, c.ExternalId })
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { } stored ? (stored.Id, stored.ExternalId) : (null, null);
        webhooks.Add(WebhookEvents.ContactOptOut, new ContactOptOutPayload(optOut.Phone, optOut.At, ContactOptOutPayload.SourceKind(optOut.Source), recorded.Modem, contact.Id is 0 ? null : contact.Id, contact.ExternalId), now);
    }
}
