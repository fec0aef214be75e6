using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>
/// The delivery queue in the database, safe for several senders on one database (nodes of a fleet): a
/// delivery is claimed as a lease by one conditional UPDATE (it must still be pending and unleased, or its
/// lease ran out), and its outcome is written only by the holder of that lease. Plain EF queries, no
/// dialect-specific SQL, so the same code serves SQLite and PostgreSQL.
/// </summary>
public sealed class DeliveryClaims(SqliteWriteGate gate)
{
    /// <summary>The enabled webhooks that have a delivery due and not held by a sender.</summary>
    public static Task<List<long>> ReceiversWithDueWorkAsync(GatewayDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Due(db.WebhookDeliveries, now)
            .Join(db.Webhooks.Where(w => w.DisabledAt == null), d => d.WebhookId, w => w.Id, (d, w) => w.Id)
            .Distinct().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Claims the oldest due delivery to this webhook whose ordering key has no earlier delivery still
    /// pending (being sent, or waiting for a retry): one message's events reach a receiver in order.
    /// </summary>
    public async Task<WebhookDelivery?> ClaimNextAsync(GatewayDbContext db, long webhookId, string node, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var candidates = await Due(db.WebhookDeliveries, now)
            .Where(d => d.WebhookId == webhookId)
            .Where(d => d.OrderingKey == null || !db.WebhookDeliveries.Any(e =>
                e.WebhookId == d.WebhookId && e.OrderingKey == d.OrderingKey && e.State == DeliveryState.Pending && e.Id < d.Id))
            .OrderBy(d => d.Id).Select(d => d.Id).Take(5).ToListAsync(cancellationToken).ConfigureAwait(false);
        var until = now + lease;
        foreach (var id in candidates)
        {
            // The condition is the claim: of two senders updating the same row, the second finds it leased.
            var claimed = await gate.RunAsync(() => db.WebhookDeliveries
                .Where(d => d.Id == id && d.State == DeliveryState.Pending && (d.LeaseUntil == null || d.LeaseUntil <= now))
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.ClaimedBy, node).SetProperty(d => d.LeaseUntil, until), cancellationToken), cancellationToken).ConfigureAwait(false);
            if (claimed == 1)
            {
                return await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == id, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    /// <summary>Writes an attempt's outcome and ends the lease; false when the lease was lost (another sender has it now).</summary>
    public async Task<bool> RecordAsync(GatewayDbContext db, WebhookDelivery claimed, DeliveryOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(outcome);
        var attempts = claimed.Attempts + 1;
        var next = outcome.Delivered ? null : WebhookRetryPolicy.NextAttempt(attempts - claimed.AttemptsBeforeQueued, now);
        var state = outcome.Delivered ? DeliveryState.Delivered : next is null ? DeliveryState.Failed : DeliveryState.Pending;
        var updated = await gate.RunAsync(() => Held(db, claimed).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Attempts, attempts)
            .SetProperty(d => d.State, state)
            .SetProperty(d => d.LastStatusCode, outcome.StatusCode)
            .SetProperty(d => d.LastError, outcome.Error)
            .SetProperty(d => d.NextAttemptAt, next ?? claimed.NextAttemptAt)
            .SetProperty(d => d.ClaimedBy, (string?)null)
            .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), cancellationToken), cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }

    /// <summary>Gives a claimed delivery back untried (the sender is stopping), so another can take it at once.</summary>
    public Task ReleaseAsync(GatewayDbContext db, WebhookDelivery claimed, CancellationToken cancellationToken) =>
        gate.RunAsync(() => Held(db, claimed).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.ClaimedBy, (string?)null)
            .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), cancellationToken), cancellationToken);

    /// <summary>
    /// Keeps the webhook's failure run: a success ends it; a failure starts it if none is running, and a
    /// run longer than <paramref name="disableAfter"/> disables the webhook. True when this call disabled it.
    /// </summary>
    public async Task<bool> RecordHealthAsync(GatewayDbContext db, long webhookId, bool delivered, DateTimeOffset now, TimeSpan disableAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hooks = db.Webhooks.Where(w => w.Id == webhookId);
        if (delivered)
        {
            await gate.RunAsync(() => hooks.Where(w => w.FailingSince != null)
                .ExecuteUpdateAsync(set => set.SetProperty(w => w.FailingSince, (DateTimeOffset?)null), cancellationToken), cancellationToken).ConfigureAwait(false);
            return false;
        }

        await gate.RunAsync(() => hooks.Where(w => w.FailingSince == null)
            .ExecuteUpdateAsync(set => set.SetProperty(w => w.FailingSince, now), cancellationToken), cancellationToken).ConfigureAwait(false);
        var since = await hooks.Select(w => w.FailingSince).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (!WebhookRetryPolicy.ShouldDisable(since, now, disableAfter))
        {
            return false;
        }

        var reason = $"Every delivery failed for {Describe(now - since!.Value)} (since {since:u}); re-enable it once the receiver works.";
        return await gate.RunAsync(() => hooks.Where(w => w.DisabledAt == null && w.FailingSince == since)
            .ExecuteUpdateAsync(set => set.SetProperty(w => w.DisabledAt, now).SetProperty(w => w.DisabledReason, reason), cancellationToken), cancellationToken).ConfigureAwait(false) == 1;
    }

    private static IQueryable<WebhookDelivery> Due(IQueryable<WebhookDelivery> deliveries, DateTimeOffset now) =>
        deliveries.Where(d => d.State == DeliveryState.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil <= now));

    private static IQueryable<WebhookDelivery> Held(GatewayDbContext db, WebhookDelivery claimed) =>
        db.WebhookDeliveries.Where(d => d.Id == claimed.Id && d.ClaimedBy == claimed.ClaimedBy && d.LeaseUntil == claimed.LeaseUntil);

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{span.TotalDays:0.#} days" : span.TotalHours >= 1 ? $"{span.TotalHours:0.#} hours" : $"{span.TotalMinutes:0} minutes";
}
