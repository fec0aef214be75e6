using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>Expires waiting messages whose <c>validUntil</c> passed before a modem could send them.</summary>
public sealed class MessageExpiry(TimeProvider time)
{
    public async Task<int> ExpireDueAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = time.GetUtcNow();
        var due = await db.Messages.Include(m => m.Parts)
            .Where(m => (m.Status == MessageStatus.Queued || m.Status == MessageStatus.Scheduled) && m.ValidUntil != null && m.ValidUntil <= now)
            .OrderBy(m => m.Id).Take(500).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var message in due)
        {
            await MessageChanges.SaveAsync(db, message, m =>
            {
                if (m.Status is not (MessageStatus.Queued or MessageStatus.Scheduled))
                {
                    return false;
                }

                m.Expire();
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }

        return due.Count;
    }
}
