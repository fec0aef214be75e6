using System.Data.Common;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Inserts many messages and their parts in one transaction, without EF's change tracking (it costs more
/// than the database itself for 10,000 rows). How the rows travel is the engine's (<see cref="DatabaseEngine.InsertMessagesAsync"/>):
/// prepared statements on SQLite, binary COPY on PostgreSQL; both are built from the context's mapping, so
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

    /// <summary>One prepared INSERT per message and per part (<see cref="MappedInsert{T}"/>), each reading back its generated id.</summary>
    public static async Task RowByRowAsync(GatewayDbContext db, DbConnection connection, DbTransaction transaction, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        await using var insertMessage = MappedInsert<OutboundMessage>.Open(db, connection, transaction);
        await using var insertPart = MappedInsert<OutboundPart>.Open(db, connection, transaction);
        foreach (var message in messages)
        {
            await insertMessage.InsertAsync(message, cancellationToken).ConfigureAwait(false);
            foreach (var part in message.Parts)
            {
                part.MessageId = message.Id;
                await insertPart.InsertAsync(part, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
