using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// An explicit transaction on the gateway's context, for a change that takes more than one save (a row
/// whose id the next one needs) or mixes saves with raw statements: under the process's write gate, and
/// with its domain events published only once it committed.
/// </summary>
public sealed class Transactions(SqliteWriteGate gate, DomainEventInterceptor events)
{
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
