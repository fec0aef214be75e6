using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>Reads of outbound messages for the API: one by id, and keyset pages oldest first.</summary>
public sealed class MessageQueries(GatewayDbContext db)
{
    /// <summary>The message with its parts, or null.</summary>
    public Task<OutboundMessage?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.Messages.AsNoTracking().Include(m => m.Parts).FirstOrDefaultAsync(m => m.Id == id, cancellationToken);

    /// <summary>Up to <paramref name="take"/> messages after the id <paramref name="after"/>, and whether more follow.</summary>
    public async Task<(IReadOnlyList<OutboundMessage> Items, bool More)> PageAsync(MessageStatus? status, string? to, long? after, int take, CancellationToken cancellationToken)
    {
        var query = db.Messages.AsNoTracking().Include(m => m.Parts).AsQueryable();
        if (status is { } wanted)
        {
            query = query.Where(m => m.Status == wanted);
        }

        if (to is not null)
        {
            query = query.Where(m => m.To == to);
        }

        if (after is { } cursor)
        {
            query = query.Where(m => m.Id > cursor);
        }

        var page = await query.OrderBy(m => m.Id).Take(take + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        return (page.Take(take).ToList(), page.Count > take);
    }
}
