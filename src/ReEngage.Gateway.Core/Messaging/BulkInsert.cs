using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Inserts many messages and their parts in one transaction with prepared statements: EF's change
/// tracking costs more than SQLite itself for 10,000 rows. The statements are built from the context's
/// mapping (<see cref="MappedInsert{T}"/>), so they write every column EF would, converted as EF would.
/// </summary>
internal static class BulkInsert
{
    public static async Task InsertAsync(GatewayDbContext db, Transactions transactions, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        await transactions.RunAsync(db, async (connection, transaction) =>
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
        }, cancellationToken).ConfigureAwait(false);
    }
}
