using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Api;

/// <summary>When the queue will have gone out, from its size and what the online modems can do.</summary>
internal static class Eta
{
    public static async Task<DateTimeOffset?> EstimateAsync(ModemPool pool, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var parts = await db.Messages.Where(m => m.Status == MessageStatus.Queued || m.Status == MessageStatus.Sending || (m.Status == MessageStatus.Scheduled && m.SendAt <= now))
            .SumAsync(m => (int?)m.PartCount, cancellationToken) ?? 0;
        // Parts per second: each online modem is bound by its pace or by how long it actually takes per part.
        var rate = pool.Handles.Where(h => h.ReadySession is not null)
            .Sum(h => Math.Min(h.Limits.PerMinute / 60.0, h.SecondsPerPart is > 0 and var s ? 1 / s : double.MaxValue));
        return rate <= 0 ? null : now + TimeSpan.FromSeconds(parts / rate);
    }
}
