using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// The baselines for the ingest figures: the same rows the gateway writes for a one-part message (a
/// messages row and its message_parts row, the columns of BulkInsert), inserted by plain ADO.NET into a
/// database with the gateway's schema and the same durability — SQLite in WAL with synchronous=NORMAL and
/// the gateway's busy timeout, PostgreSQL on the same cluster with its commit settings (the cluster the
/// harness runs decides fsync and synchronous_commit for both). What is left between a figure and its
/// baseline is the gateway's own cost: HTTP, validation, encoding, routing.
/// </summary>
internal static class RawInserts
{
    private const string MessageSql =
        "INSERT INTO messages (\"To\", \"Text\", \"Status\", \"Priority\", \"Encoding\", \"PartCount\", \"StatusReport\", \"CreatedAt\", \"Attempts\", \"NeedsAttention\", \"Version\", \"ReportOverdue\") " +
        "VALUES (@to, @text, 'Queued', 'Normal', 'Gsm7', 1, TRUE, @created, 0, FALSE, 0, FALSE) RETURNING \"Id\"";

    private const string PartSql =
        "INSERT INTO message_parts (\"MessageId\", \"Sequence\", \"Pdu\", \"TpduLength\", \"Status\") VALUES (@message, 1, @pdu, 42, 'Pending')";

    // A one-part GSM-7 SUBMIT of the harness's text, hex: the length the gateway stores.
    private static readonly string Pdu = string.Concat(Enumerable.Repeat("0011000C913943170320F00000AA", 3));

    /// <summary>The gateway's pragmas (SqlitePragmas): WAL, synchronous=NORMAL, a 10 s busy timeout.</summary>
    public static Func<Task<DbConnection>> Sqlite(string file) => async () =>
    {
        var connection = new SqliteConnection($"Data Source={file};Pooling=True");
        await connection.OpenAsync();
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
        await pragmas.ExecuteNonQueryAsync();
        return connection;
    };

    public static Func<Task<DbConnection>> Postgres(string connectionString) => async () =>
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    };

    /// <summary>One transaction per message from <paramref name="clients"/> connections for <paramref name="duration"/>: messages per second.</summary>
    public static async Task<double> SinglesAsync(Func<Task<DbConnection>> open, TimeSpan duration, int clients)
    {
        var count = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            await using var connection = await open();
            var i = 0;
            while (clock.Elapsed < duration)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await InsertAsync(connection, transaction, $"+39347{(c * 100000) + (i++ % 100000) + 1000000}", "Ciao! Il tuo ordine è stato spedito.");
                await transaction.CommitAsync();
                Interlocked.Increment(ref count);
            }
        }));
        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary><paramref name="batches"/> transactions of <paramref name="batchSize"/> messages, one after another: messages per second.</summary>
    public static async Task<double> BulkAsync(Func<Task<DbConnection>> open, int batches, int batchSize)
    {
        await using var connection = await open();
        var clock = Stopwatch.StartNew();
        for (var b = 0; b < batches; b++)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var inserter = new Inserter(connection, transaction);
            for (var i = 0; i < batchSize; i++)
            {
                await inserter.InsertAsync($"+39348{(b * batchSize) + i + 1000000:D7}", $"Saldi! -20% con il codice BULK{i}");
            }

            await transaction.CommitAsync();
        }

        return batches * batchSize / clock.Elapsed.TotalSeconds;
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, string to, string text)
    {
        await using var inserter = new Inserter(connection, transaction);
        await inserter.InsertAsync(to, text);
    }

    /// <summary>The two statements with their parameters, made once per transaction and reused for its rows (as BulkInsert's prepared commands are).</summary>
    private sealed class Inserter : IAsyncDisposable
    {
        private readonly DbCommand message;
        private readonly DbCommand part;

        public Inserter(DbConnection connection, DbTransaction transaction)
        {
            message = Command(connection, transaction, MessageSql, "@to", "@text", "@created");
            part = Command(connection, transaction, PartSql, "@message", "@pdu");
        }

        public async Task InsertAsync(string to, string text)
        {
            message.Parameters["@to"].Value = to;
            message.Parameters["@text"].Value = text;
            message.Parameters["@created"].Value = DateTimeOffset.UtcNow.UtcTicks;
            part.Parameters["@message"].Value = Convert.ToInt64(await message.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            part.Parameters["@pdu"].Value = Pdu;
            await part.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await message.DisposeAsync();
            await part.DisposeAsync();
        }

        private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] names)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var name in names)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = DBNull.Value;
                command.Parameters.Add(parameter);
            }

            return command;
        }
    }
}
