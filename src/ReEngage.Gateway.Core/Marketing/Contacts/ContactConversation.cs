using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>One SMS of a conversation: <c>in</c> from the contact, <c>out</c> to them with its state.</summary>
/// <param name="Direction"><c>in</c> or <c>out</c>.</param>
/// <param name="Id">The inbound SMS's id (<c>GET /api/v1/inbound</c>) or the message's (<c>GET /api/v1/messages/{id}</c>).</param>
/// <param name="At">Received, or created.</param>
/// <param name="Text">The whole text.</param>
/// <param name="Status">The outbound message's state (queued … delivered, failed); null for inbound.</param>
/// <param name="Modem">The SIM it came in on, or went out from (null while queued).</param>
/// <param name="Source">Who sent an outbound one: api, dashboard, campaign:&lt;id&gt;, automation:&lt;id&gt;…</param>
public sealed record ConversationItem(string Direction, long Id, DateTimeOffset At, string Text, string? Status, string? Modem, string? Source);

/// <summary>
/// A page of a contact's SMS in both directions, newest first. <c>ReplyModem</c> is the SIM the contact last wrote
/// to — a reply from it reaches the number they know; <c>Before</c> asks for the next (older) page when there is one.
/// </summary>
public sealed record ConversationPage(long ContactId, string Phone, string? ReplyModem, IReadOnlyList<ConversationItem> Items, DateTimeOffset? Before);

/// <summary>A contact's conversation: inbound and outbound SMS in one order, paged by time.</summary>
public sealed class ContactConversation(GatewayDbContext db)
{
    /// <summary>The page older than <paramref name="before"/> (the newest when null); null when there is no such contact.</summary>
    public async Task<ConversationPage?> PageAsync(long contactId, DateTimeOffset? before, int limit, CancellationToken cancellationToken)
    {
        var phone = await db.Contacts.AsNoTracking().Where(c => c.Id == contactId).Select(c => c.Phone).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (phone is null)
        {
            return null;
        }

        var cursor = before ?? DateTimeOffset.MaxValue;
        // One more than asked of each kind: the merged page then knows whether anything older is left.
        var inbound = await db.Inbound.AsNoTracking().Where(i => i.From == phone && i.ReceivedAt < cursor)
            .OrderByDescending(i => i.ReceivedAt).Take(limit + 1)
            .Select(i => new ConversationItem("in", i.Id, i.ReceivedAt, i.Text, null, i.Modem, null))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var outbound = await db.Messages.AsNoTracking().Where(m => m.To == phone && m.CreatedAt < cursor)
            .OrderByDescending(m => m.CreatedAt).Take(limit + 1)
            .Select(m => new { m.Id, m.CreatedAt, m.Text, m.Status, m.Modem, m.Source })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var merged = inbound
            .Concat(outbound.Select(m => new ConversationItem("out", m.Id, m.CreatedAt, m.Text, m.Status.ToString().ToLowerInvariant(), m.Modem, m.Source)))
            .OrderByDescending(i => i.At).ThenByDescending(i => i.Id)
            .ToList();
        var page = merged.Take(limit).ToList();
        var replyModem = await db.Inbound.AsNoTracking().Where(i => i.From == phone).OrderByDescending(i => i.Id).Select(i => i.Modem).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return new ConversationPage(contactId, phone, replyModem, page, merged.Count > limit ? page[^1].At : null);
    }
}
