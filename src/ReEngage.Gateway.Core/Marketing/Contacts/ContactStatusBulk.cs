using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// Moves many contacts between two statuses in set-based statements (the sleeping segment can move a
/// hundred thousand at once), under the same rules (<see cref="ContactTransitions"/>) and with the same
/// webhook rows as <see cref="Contact.ChangeStatus"/>, added to the caller's transaction. With this and
/// the contact's own method, a status has exactly two writers, both here in Marketing's contact files.
/// </summary>
internal static class ContactStatusBulk
{
    private const int Chunk = 5000;

    /// <summary>Moves the contacts of <paramref name="query"/> that are <paramref name="from"/> to <paramref name="to"/>; their number.</summary>
    public static async Task<int> MoveAsync(GatewayDbContext db, IQueryable<Contact> query, ContactStatus from, ContactStatus to, ContactChangeBy by, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ContactTransitions.Refusal("*", from, to, by) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }

        var moving = query.Where(c => c.Status == from);
        var webhooks = await WebhookOutbox.OpenAsync(db, cancellationToken).ConfigureAwait(false);
        var events = ContactStatusPayload.Events(from, to).Where(webhooks.AnyFor).ToList();
        if (events.Count == 0)
        {
            return await moving.ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, to).SetProperty(c => c.UpdatedAt, now), cancellationToken).ConfigureAwait(false);
        }

        // Someone listens: the rows are read first so each change can be told, in the transaction that makes it.
        var rows = await moving.Select(c => new { c.Id, c.ExternalId, c.Phone }).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in rows.Chunk(Chunk))
        {
            var ids = chunk.Select(r => r.Id).ToList();
            await db.Contacts.Where(c => ids.Contains(c.Id) && c.Status == from)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, to).SetProperty(c => c.UpdatedAt, now), cancellationToken).ConfigureAwait(false);
        }

        foreach (var row in rows)
        {
            var payload = ContactStatusPayload.Of(row.Id, row.ExternalId, row.Phone, from, to, by, reason);
            webhooks.AddEach(events, payload, now);
        }

        return rows.Count;
    }
}
