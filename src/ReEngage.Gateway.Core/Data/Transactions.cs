using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// The one way the gateway runs an explicit transaction: a change that takes more than one save (a row whose
/// id the next one needs), mixes saves with raw statements, or is raw statements alone (the bulk paths). It
/// runs under the process's write gate, and its domain events are published only once it committed.
/// </summary>
public sealed class Transactions(SqliteWriteGate gate, DomainEventInterceptor events)
{
    public Task RunAsync(GatewayDbContext db, Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(db, async (connection, transaction) =>
        {
            await work(connection, transaction).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    public async Task<T> RunAsync<T>(GatewayDbContext db, Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        var result = await gate.RunAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var value = await work(db.Database.GetDbConnection(), transaction.GetDbTransaction()).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return value;
            }
            catch
            {
                events.Discard(db);
                throw;
            }
        }, cancellationToken).ConfigureAwait(false);
        events.PublishCommitted(db);
        return result;
    }
}
