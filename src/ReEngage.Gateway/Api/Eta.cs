using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Api;

/// <summary>
/// When the queue will have gone out, from its size and what the online modems can do (a bulk request's answer).
/// The size is a sum over every waiting message — 13–27 ms with 100,000 queued on SQLite, a tenth of a
/// 10,000-message request — so it is counted at most once a second: a request within that second adds its own
/// parts to the last count (what was sent meanwhile is not subtracted: the estimate errs late by a second's sending).
/// </summary>
internal sealed class Eta(ModemRegistry pool, TimeProvider time)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);
    private readonly Lock gate = new();
    private (DateTimeOffset At, long Parts)? last;

    public async Task<DateTimeOffset?> EstimateAsync(GatewayDbContext db, int partsAdded, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        long? parts = null;
        lock (gate)
        {
            if (last is { } known && now >= known.At && now - known.At < Fresh)
            {
                parts = known.Parts + partsAdded;
                last = (known.At, parts.Value);
            }
        }

        if (parts is null)
        {
            parts = await db.Messages.Where(m => m.Status == MessageStatus.Queued || m.Status == MessageStatus.Sending || (m.Status == MessageStatus.Scheduled && m.SendAt <= now))
                .SumAsync(m => (long?)m.PartCount, cancellationToken).ConfigureAwait(false) ?? 0;
            lock (gate)
            {
                last = (now, parts.Value);
            }
        }

        return pool.Handles.Any(h => h.CanSend) && pool.PartsPerSecond() is > 0 and var rate ? now + TimeSpan.FromSeconds(parts.Value / rate) : null;
    }
}
