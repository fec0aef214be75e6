using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Crash recovery as one rule: a message whose claim ran out goes back to the queue — unless a part was left
/// submitting, which may have gone out: then it fails with NeedsAttention and is never sent again. At start a
/// node also takes back the claims held in its own name (whoever held them is this node's previous life).
/// </summary>
public sealed partial class LeaseRecovery(TimeProvider time, ILogger<LeaseRecovery> logger)
{
    /// <summary>Resolves expired claims, and those of <paramref name="restartedNode"/> when given. Returns how many.</summary>
    public async Task<int> RecoverAsync(GatewayDbContext db, string? restartedNode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = time.GetUtcNow();
        bool Expired(OutboundMessage m) => m.Status == MessageStatus.Sending
            && (m.LeaseUntil == null || m.LeaseUntil < now || (restartedNode != null && m.ClaimedBy == restartedNode));
        var stale = await db.Messages.Include(m => m.Parts)
            .Where(m => m.Status == MessageStatus.Sending && (m.LeaseUntil == null || m.LeaseUntil < now || (restartedNode != null && m.ClaimedBy == restartedNode)))
            .OrderBy(m => m.Id).Take(500).ToListAsync(cancellationToken).ConfigureAwait(false);
        var flagged = 0;
        foreach (var message in stale)
        {
            var saved = await MessageChanges.SaveAsync(db, message, m =>
            {
                if (!Expired(m))
                {
                    return false;
                }

                m.ResolveExpiredLease();
                return true;
            }, cancellationToken).ConfigureAwait(false);
            flagged += saved?.NeedsAttention == true ? 1 : 0;
        }

        if (stale.Count > 0)
        {
            LogRecovered(logger, stale.Count, flagged);
        }

        return stale.Count;
    }

    [LoggerMessage(2104, LogLevel.Warning, "Recovered {Count} message(s) whose claim ran out; {Ambiguous} flagged for the operator (a part may have gone out)")]
    private static partial void LogRecovered(ILogger logger, int count, int ambiguous);
}
