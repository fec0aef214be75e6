using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Saves a change to one message, serialised against every other writer of it: the message's version is
/// its concurrency token, so when someone else changed it first (a status report while the dispatcher
/// sends, another node's recovery), the save fails instead of overwriting — and the change is tried again
/// on the message as it now is.
/// </summary>
public static class MessageChanges
{
    private const int MaxTries = 10;

    /// <summary>
    /// Applies <paramref name="change"/> and saves. <paramref name="change"/> returns false when, on the
    /// message as it now is, there is nothing to do (it moved on). Returns the message as saved, or null
    /// when it no longer exists (erased).
    /// </summary>
    public static async Task<OutboundMessage?> SaveAsync(GatewayDbContext db, OutboundMessage message, Func<OutboundMessage, bool> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            if (!change(message))
            {
                return message;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return message;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxTries)
            {
                // Forget only what this attempt touched — the message, its parts and the rows its events added
                // (its webhook rows, its SMPP receipt) — not whatever else the caller's context is tracking (a
                // batch of messages). A row left behind would be saved with the retry's own: a second receipt.
                var id = message.Id;
                var key = Webhooks.WebhookOutbox.MessageKey(id);
                foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity == message
                    || (e.Entity is OutboundPart part && part.MessageId == id)
                    || (e.State == EntityState.Added && e.Entity is Webhooks.WebhookDelivery { OrderingKey: var ordering } && ordering == key)
                    || (e.State == EntityState.Added && e.Entity is SmppReceipt receipt && receipt.MessageId == id)).ToList())
                {
                    entry.State = EntityState.Detached;
                }

                var fresh = await db.Messages.Include(m => m.Parts).FirstOrDefaultAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false);
                if (fresh is null)
                {
                    return null;
                }

                message = fresh;
            }
        }
    }
}
