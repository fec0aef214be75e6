using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Inserts many messages and their parts in one transaction, without EF's change tracking (it costs more
/// than the database itself for 10,000 rows). How the rows travel is the engine's (<see cref="DatabaseEngine.InsertMessagesAsync"/>):
/// prepared statements bound by position on SQLite, binary COPY on PostgreSQL; both are built from the context's mapping, so
/// they write every column EF would, converted as EF would.
/// </summary>
internal static class BulkInsert
{
    public static async Task InsertAsync(GatewayDbContext db, DatabaseEngine engine, Transactions transactions, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        await transactions.RunAsync(db, (connection, transaction) => engine.InsertMessagesAsync(db, connection, transaction, messages, cancellationToken), cancellationToken).ConfigureAwait(false);
    }
}
