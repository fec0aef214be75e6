using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

/// <summary>
/// The baseline for bulk ingest on PostgreSQL: the rows RawInserts writes for a one-part message (a messages
/// row and its message_parts row), streamed by plain Npgsql binary COPY, 10,000 messages per transaction —
/// the fastest way PostgreSQL takes rows. The parts need their message's id and COPY returns none, so each
/// transaction first reserves the ids from the two identity sequences in one statement, as any correct
/// writer of both tables must. What is left between the gateway's bulk figure and this one is the gateway's
/// own cost: HTTP, JSON, validation, encoding, the idempotency and routing look-ups, the mapping.
/// </summary>
internal static class RawCopy
{
    // The sequences by name, resolved once per run below, so each nextval is the sequence's own work (as the gateway does).
    private const string Sequences = "SELECT pg_get_serial_sequence('messages', 'Id'), pg_get_serial_sequence('message_parts', 'Id')";

    private const string CopyMessages =
        "COPY messages (\"Id\", \"To\", \"Text\", \"Status\", \"Priority\", \"Encoding\", \"PartCount\", \"StatusReport\", \"CreatedAt\", \"Attempts\", \"NeedsAttention\", \"Version\", \"ReportOverdue\") FROM STDIN (FORMAT BINARY)";

    private const string CopyParts =
        "COPY message_parts (\"Id\", \"MessageId\", \"Sequence\", \"Pdu\", \"TpduLength\", \"Status\") FROM STDIN (FORMAT BINARY)";

    // The same PDU RawInserts stores: a one-part GSM-7 SUBMIT's length in hex.
    private static readonly string Pdu = string.Concat(Enumerable.Repeat("0011000C913943170320F00000AA", 3));

    /// <summary><paramref name="batches"/> transactions of <paramref name="batchSize"/> messages, one after another: messages per second.</summary>
    public static async Task<double> BulkAsync(string connectionString, int batches, int batchSize)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var reserve = await ReserveSqlAsync(connection);
        var clock = Stopwatch.StartNew();
        for (var b = 0; b < batches; b++)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var (messageIds, partIds) = await ReserveAsync(connection, reserve, batchSize);
            var created = DateTimeOffset.UtcNow.UtcTicks;
            await using (var messages = await connection.BeginBinaryImportAsync(CopyMessages))
            {
                for (var i = 0; i < batchSize; i++)
                {
                    await messages.StartRowAsync();
                    await messages.WriteAsync(messageIds[i], NpgsqlDbType.Bigint);
                    await messages.WriteAsync($"+39348{(b * batchSize) + i + 1000000:D7}", NpgsqlDbType.Varchar);
                    await messages.WriteAsync($"Saldi! -20% con il codice BULK{i}", NpgsqlDbType.Text);
                    await messages.WriteAsync("Queued", NpgsqlDbType.Varchar);
                    await messages.WriteAsync("Normal", NpgsqlDbType.Varchar);
                    await messages.WriteAsync("Gsm7", NpgsqlDbType.Varchar);
                    await messages.WriteAsync(1, NpgsqlDbType.Integer);
                    await messages.WriteAsync(true, NpgsqlDbType.Boolean);
                    await messages.WriteAsync(created, NpgsqlDbType.Bigint);
                    await messages.WriteAsync(0, NpgsqlDbType.Integer);
                    await messages.WriteAsync(false, NpgsqlDbType.Boolean);
                    await messages.WriteAsync(0, NpgsqlDbType.Integer);
                    await messages.WriteAsync(false, NpgsqlDbType.Boolean);
                }

                await messages.CompleteAsync();
            }

            await using (var parts = await connection.BeginBinaryImportAsync(CopyParts))
            {
                for (var i = 0; i < batchSize; i++)
                {
                    await parts.StartRowAsync();
                    await parts.WriteAsync(partIds[i], NpgsqlDbType.Bigint);
                    await parts.WriteAsync(messageIds[i], NpgsqlDbType.Bigint);
                    await parts.WriteAsync(1, NpgsqlDbType.Integer);
                    await parts.WriteAsync(Pdu, NpgsqlDbType.Text);
                    await parts.WriteAsync(42, NpgsqlDbType.Integer);
                    await parts.WriteAsync("Pending", NpgsqlDbType.Varchar);
                }

                await parts.CompleteAsync();
            }

            await transaction.CommitAsync();
        }

        return batches * batchSize / clock.Elapsed.TotalSeconds;
    }

    private static async Task<string> ReserveSqlAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(Sequences, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"SELECT ARRAY(SELECT nextval('{reader.GetString(0)}'::regclass) FROM generate_series(1, $1)), " +
            $"ARRAY(SELECT nextval('{reader.GetString(1)}'::regclass) FROM generate_series(1, $1))";
    }

    private static async Task<(long[] Messages, long[] Parts)> ReserveAsync(NpgsqlConnection connection, string sql, int count)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetFieldValue<long[]>(0), reader.GetFieldValue<long[]>(1));
    }
}
