using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Api;

/// <summary>When the queue will have gone out, from its size and what the online modems can do.</summary>
internal static class Eta
{
    public static async Task<DateTimeOffset?> EstimateAsync(ModemRegistry pool, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var parts = await db.Messages.Where(m => m.Status == MessageStatus.Queued || m.Status == MessageStatus.Sending || (m.Status == MessageStatus.Scheduled && m.SendAt <= now))
            .SumAsync(m => (int?)m.PartCount, cancellationToken) ?? 0;
        return pool.Handles.Any(h => h.CanSend) && pool.PartsPerSecond() is > 0 and var rate ? now + TimeSpan.FromSeconds(parts / rate) : null;
    }
}
