using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Inserts many messages and their parts in one transaction with prepared statements: EF's change
/// tracking costs more than SQLite itself for 10,000 rows. The columns mirror GatewayDbContext's
/// mapping (enums as text, times as UTC ticks); <c>BulkInsert_RoundTripsThroughEf</c> keeps them honest.
/// </summary>
internal static class BulkInsert
{
    private const string MessageSql =
        "INSERT INTO messages (\"To\", \"Text\", \"Status\", \"Priority\", \"Encoding\", \"PartCount\", \"StatusReport\", \"RequestedModem\", \"PreferredModem\", " +
        "\"IdempotencyKey\", \"RequestHash\", \"CreatedAt\", \"SendAt\", \"ValidUntil\", \"Attempts\", \"NeedsAttention\", \"Source\", \"Version\", \"ReportOverdue\") " +
        "VALUES (@to, @text, @status, @priority, @encoding, @parts, @report, @requested, @preferred, @key, @hash, @created, @sendAt, @validUntil, 0, FALSE, @source, 0, FALSE) RETURNING \"Id\"";

    private const string PartSql =
        "INSERT INTO message_parts (\"MessageId\", \"Sequence\", \"Pdu\", \"TpduLength\", \"Status\") VALUES (@message, @sequence, @pdu, @length, @status)";

    public static async Task InsertAsync(GatewayDbContext db, SqliteWriteGate gate, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await gate.RunAsync(async () =>
            {
                var connection = db.Database.GetDbConnection();
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using var insertMessage = RawSql.Command(connection, transaction, MessageSql, "@to", "@text", "@status", "@priority", "@encoding", "@parts", "@report", "@requested", "@preferred", "@key", "@hash", "@created", "@sendAt", "@validUntil", "@source");
                await using var insertPart = RawSql.Command(connection, transaction, PartSql, "@message", "@sequence", "@pdu", "@length", "@status");
                foreach (var m in messages)
                {
                    RawSql.Set(insertMessage, m.To, m.Text, m.Status.ToString(), m.Priority.ToString(), m.Encoding.ToString(), m.PartCount, m.StatusReport,
                        m.RequestedModem, m.PreferredModem, m.IdempotencyKey, m.RequestHash, m.CreatedAt.UtcTicks, m.SendAt?.UtcTicks, m.ValidUntil?.UtcTicks, m.Source);
                    m.Id = (long)(await insertMessage.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                    foreach (var part in m.Parts)
                    {
                        RawSql.Set(insertPart, m.Id, part.Sequence, part.Pdu, part.TpduLength, part.Status.ToString());
                        await insertPart.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
