using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace ReEngage.Gateway.Core.Data;

/// <summary>What the copy did, table by table.</summary>
public sealed record CopiedTable(string Table, long Rows);

/// <summary>
/// Grows a single appliance into a fleet: copies every table of its SQLite database (contacts, history, messages,
/// API keys, users, settings…) into an empty PostgreSQL database, in one transaction, then reads both back and
/// compares them row by row. Refuses a target that holds any data. The nodes table (the appliance's own runtime
/// state) is not copied: the fleet's nodes write their own.
/// </summary>
public static class SqliteToPostgres
{
    private static readonly HashSet<string> Skipped = ["nodes"];

    public static async Task<IReadOnlyList<CopiedTable>> CopyAsync(string sqlitePath, string connectionString, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (!File.Exists(sqlitePath))
        {
            throw new InvalidOperationException($"There is no database at {sqlitePath}.");
        }

        var sourceOptions = new DbContextOptionsBuilder<GatewayDbContext>();
        DatabaseSetup.UseSqlite(sourceOptions, $"Data Source={sqlitePath};Mode=ReadOnly;Pooling=False");
        await using (var source = new GatewayDbContext(sourceOptions.Options))
        {
            if (await CoreServiceCollectionExtensions.MigrationsPendingAsync(source, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException("The appliance's database is from an older version: start this version of the gateway on it once (it upgrades the file), then copy.");
            }
        }

        var targetOptions = new DbContextOptionsBuilder<GatewayDbContext>();
        DatabaseSetup.UsePostgres(targetOptions, connectionString);
        await using var target = new GatewayDbContext(targetOptions.Options);
        await target.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var tables = Ordered(target.Model);

        await using var from = new SqliteConnection($"Data Source={sqlitePath};Mode=ReadOnly;Pooling=False");
        await from.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var to = new NpgsqlConnection(connectionString);
        await to.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var table in tables)
        {
            if (await ScalarAsync(to, null, $"SELECT COUNT(*) FROM \"{table.Name}\"", cancellationToken).ConfigureAwait(false) is long rows && rows > 0)
            {
                throw new InvalidOperationException($"The target database is not empty ({table.Name} has {rows} rows): migrate-to-postgres only fills an empty fleet database.");
            }
        }

        // A snapshot of the source: the appliance may keep running while it is copied.
        await using var snapshot = await from.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await to.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var copied = new List<CopiedTable>();
        foreach (var table in tables)
        {
            var rows = await CopyTableAsync(from, snapshot, to, table, cancellationToken).ConfigureAwait(false);
            await ResetIdentityAsync(to, transaction, table, cancellationToken).ConfigureAwait(false);
            await VerifyAsync(from, snapshot, to, table, cancellationToken).ConfigureAwait(false);
            copied.Add(new CopiedTable(table.Name, rows));
            await progress.WriteLineAsync($"{table.Name}: {rows} rows copied and checked").ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return copied;
    }

    /// <summary>Tables with the ones others point at first, so foreign keys hold as rows arrive.</summary>
    private static List<ITable> Ordered(IModel model)
    {
        var pending = model.GetRelationalModel().Tables.Where(t => !Skipped.Contains(t.Name)).ToList();
        var ordered = new List<ITable>();
        while (pending.Count > 0)
        {
            var ready = pending.Where(t => t.ForeignKeyConstraints.All(fk => fk.PrincipalTable == t || ordered.Contains(fk.PrincipalTable))).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException("The schema's foreign keys form a cycle.");
            }

            ordered.AddRange(ready);
            pending.RemoveAll(ready.Contains);
        }

        return ordered;
    }

    private static async Task<long> CopyTableAsync(SqliteConnection from, DbTransaction snapshot, NpgsqlConnection to, ITable table, CancellationToken cancellationToken)
    {
        var columns = table.Columns.ToList();
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        await using var read = from.CreateCommand();
        read.Transaction = (SqliteTransaction)snapshot;
        read.CommandText = $"SELECT {names} FROM \"{table.Name}\"";
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var writer = await to.BeginBinaryImportAsync($"COPY \"{table.Name}\" ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < columns.Count; i++)
            {
                var (value, type) = Convert(reader, i, columns[i].StoreType);
                if (value is null)
                {
                    await writer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await writer.WriteAsync(value, type, cancellationToken).ConfigureAwait(false);
                }
            }

            rows++;
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }

    /// <summary>A SQLite value as the PostgreSQL column's type wants it (SQLite keeps booleans as 0/1, dates as text).</summary>
    private static (object? Value, NpgsqlDbType Type) Convert(DbDataReader reader, int ordinal, string storeType)
    {
        if (reader.IsDBNull(ordinal))
        {
            return (null, NpgsqlDbType.Unknown);
        }

        return storeType switch
        {
            "bigint" => (reader.GetInt64(ordinal), NpgsqlDbType.Bigint),
            "integer" => (reader.GetInt32(ordinal), NpgsqlDbType.Integer),
            "boolean" => (reader.GetInt64(ordinal) != 0, NpgsqlDbType.Boolean),
            "double precision" => (reader.GetDouble(ordinal), NpgsqlDbType.Double),
            "date" => (DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlDbType.Date),
            "bytea" => ((byte[])reader.GetValue(ordinal), NpgsqlDbType.Bytea),
            "text" => (reader.GetString(ordinal), NpgsqlDbType.Text),
            _ when storeType.StartsWith("character varying", StringComparison.Ordinal) => (reader.GetString(ordinal), NpgsqlDbType.Varchar),
            _ => throw new InvalidOperationException($"No copy rule for a column of type {storeType}."),
        };
    }

    private static async Task ResetIdentityAsync(NpgsqlConnection to, NpgsqlTransaction transaction, ITable table, CancellationToken cancellationToken)
    {
        foreach (var column in table.Columns.Where(c => c.PropertyMappings.Any(m => m.Property.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd) && c.StoreType is "bigint" or "integer"))
        {
            // New rows continue after the copied ids instead of colliding with them.
            var sql = $"SELECT setval(pg_get_serial_sequence('\"{table.Name}\"', '{column.Name}'), COALESCE(MAX(\"{column.Name}\"), 0) + 1, false) FROM \"{table.Name}\"";
            await ScalarAsync(to, transaction, sql, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads both sides in key order and compares every value.</summary>
    private static async Task VerifyAsync(SqliteConnection from, DbTransaction snapshot, NpgsqlConnection to, ITable table, CancellationToken cancellationToken)
    {
        var columns = table.Columns.ToList();
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        var order = string.Join(", ", (table.PrimaryKey?.Columns ?? columns).Select(c => $"\"{c.Name}\""));
        await using var left = from.CreateCommand();
        left.Transaction = (SqliteTransaction)snapshot;
        left.CommandText = $"SELECT {names} FROM \"{table.Name}\" ORDER BY {order}";
        await using var right = new NpgsqlCommand($"SELECT {names} FROM \"{table.Name}\" ORDER BY {order}", to);
        await using var a = await left.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var b = await right.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long row = 0;
        while (await a.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            row++;
            if (!await b.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"{table.Name}: row {row} is missing in the copy.");
            }

            for (var i = 0; i < columns.Count; i++)
            {
                var expected = Canonical(Convert(a, i, columns[i].StoreType).Value);
                var actual = Canonical(b.IsDBNull(i) ? null : b.GetValue(i));
                if (!string.Equals(expected, actual, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{table.Name}: row {row}, column {columns[i].Name} differs after the copy ({expected} vs {actual}).");
                }
            }
        }

        if (await b.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"{table.Name}: the copy has more rows than the source.");
        }
    }

    private static string Canonical(object? value) => value switch
    {
        null => "∅",
        byte[] bytes => System.Convert.ToHexString(bytes),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
