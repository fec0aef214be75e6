using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// Stored deliveries (smpp_receipts, smpp_inbound) taken for sending as a lease, so that of several gateways on one
/// database only one bind sends each row:
/// 1. the candidates are read (free, or their lease ran out);
/// 2. one conditional UPDATE writes a fresh token and the lease's end on those still free — PostgreSQL re-checks the
///    condition on a row another node just leased, SQLite writes one at a time — so two nodes never both win a row;
/// 3. only the rows carrying this claim's token are sent;
/// 4. a row is deleted once the client answered its deliver_sm with ESME_ROK, and freed at once when it did not;
///    a node that dies holding a lease leaves the row to whoever claims it after the lease ends.
/// The lease is twice the response timeout: every row of a claim is in flight at once (a claim is no larger than
/// the receiving binds' windows), so a live node answers or gives up well before its lease ends.
/// </summary>
internal sealed class SmppDeliveryClaims(IServiceScopeFactory scopes, IOptions<SmppOptions> options, [FromKeyedServices(SmppServerContext.ClockKey)] TimeProvider clock)
{
    public TimeSpan Lease => options.Value.ResponseTimeout * 2;

    /// <summary>Claims up to <paramref name="count"/> of the account's receipts, oldest first.</summary>
    public Task<IReadOnlyList<SmppReceipt>> ClaimReceiptsAsync(string systemId, int count, CancellationToken cancellationToken) =>
        ClaimAsync(db => db.SmppReceipts, systemId, count, cancellationToken);

    /// <summary>Claims up to <paramref name="count"/> of the account's inbound SMS, oldest first.</summary>
    public Task<IReadOnlyList<SmppInbound>> ClaimInboundAsync(string systemId, int count, CancellationToken cancellationToken) =>
        ClaimAsync(db => db.SmppInbound, systemId, count, cancellationToken);

    /// <summary>Deletes acknowledged rows and frees the others of a claim.</summary>
    public async Task SettleAsync<T>(IReadOnlyList<T> acknowledged, IReadOnlyList<T> refused, CancellationToken cancellationToken)
        where T : class, ISmppDelivery
    {
        if (acknowledged.Count == 0 && refused.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var gate = scope.ServiceProvider.GetRequiredService<SqliteWriteGate>();
        var done = acknowledged.Select(r => r.Id).ToList();
        var free = refused.Select(r => r.Id).ToList();
        if (done.Count > 0)
        {
            await gate.RunAsync(() => db.Set<T>().Where(r => done.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        if (free.Count > 0)
        {
            // Only our own lease is released: after it ran out another node may hold the row.
            var tokens = refused.Select(r => r.LeaseToken).Distinct().ToList();
            await gate.RunAsync(() => db.Set<T>().Where(r => free.Contains(r.Id) && tokens.Contains(r.LeaseToken))
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.LeasedUntil, (DateTimeOffset?)null).SetProperty(r => r.LeaseToken, (string?)null), cancellationToken), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<T>> ClaimAsync<T>(Func<GatewayDbContext, DbSet<T>> rows, string systemId, int count, CancellationToken cancellationToken)
        where T : class, ISmppDelivery
    {
        if (count <= 0)
        {
            return [];
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var now = clock.GetUtcNow();
        var ids = await rows(db).AsNoTracking().Where(r => r.SystemId == systemId && (r.LeasedUntil == null || r.LeasedUntil <= now))
            .OrderBy(r => r.Id).Select(r => r.Id).Take(count).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return [];
        }

        var token = Guid.NewGuid().ToString("N");
        DateTimeOffset? until = now + Lease;
        var gate = scope.ServiceProvider.GetRequiredService<SqliteWriteGate>();
        var won = await gate.RunAsync(() => rows(db).Where(r => ids.Contains(r.Id) && (r.LeasedUntil == null || r.LeasedUntil <= now))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.LeasedUntil, until).SetProperty(r => r.LeaseToken, token), cancellationToken), cancellationToken).ConfigureAwait(false);
        return won == 0 ? [] : await rows(db).AsNoTracking().Where(r => r.LeaseToken == token).OrderBy(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}
