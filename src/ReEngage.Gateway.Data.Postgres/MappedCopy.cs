using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace ReEngage.Gateway.Data.Postgres;

/// <summary>
/// A binary COPY of one entity type built from the context's own mapping, as <c>MappedInsert</c> builds its
/// INSERT: every column EF maps (the key included: the caller reserved the ids), with EF's converters (enums
/// as text, instants as UTC ticks) and each column's store type, so the binary encoding is the column's own.
/// A column added to the entity is copied too, with no second list of columns to keep in step.
/// </summary>
internal sealed class MappedCopy<T>
    where T : class
{
    private readonly Column[] columns;

    private static MappedCopy<T>? cache;

    private string? sequence;

    private MappedCopy(IModel model)
    {
        Model = model;
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        Key = entity.FindPrimaryKey()!.Properties.Single();
        Table = entity.GetTableName()!;
        KeyColumn = Key.GetColumnName(table)!;
        columns = [.. entity.GetProperties().Select(p => new Column(p.GetGetter(), p.GetColumnName(table)!, p.GetTypeMapping().Converter, StoreType(p), DbType(StoreType(p))))];
        Command = $"COPY {Table} ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
    }

    /// <summary>The table's name, for the caller's id reservation.</summary>
    public string Table { get; }

    /// <summary>The key column's name, for the caller's id reservation.</summary>
    public string KeyColumn { get; }

    /// <summary>The key property, which the caller sets before the copy.</summary>
    public IProperty Key { get; }

    private string Command { get; }

    private IModel Model { get; }

    /// <summary>The key's identity sequence, as a name to quote in SQL; asked of the database once.</summary>
    public async ValueTask<string> SequenceAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (sequence is { } known)
        {
            return known;
        }

        await using var command = new NpgsqlCommand($"SELECT pg_get_serial_sequence('{Table}', '{KeyColumn}')", connection);
        var name = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string
            ?? throw new InvalidOperationException($"{Table}.{KeyColumn} has no identity sequence.");
        return sequence = name.Replace("'", "''", StringComparison.Ordinal);
    }

    /// <summary>The copy for this model, built once (the compiled model is one instance per engine).</summary>
    public static MappedCopy<T> For(IModel model)
    {
        // One reference read and write: two threads racing here both build a correct copy, and one of them is kept.
        var cached = cache;
        return cached is not null && ReferenceEquals(cached.Model, model) ? cached : cache = new MappedCopy<T>(model);
    }

    /// <summary>Copies the rows in the connection's current transaction; a failure (a unique index) aborts that transaction.</summary>
    public async Task WriteAsync(NpgsqlConnection connection, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(Command, cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            foreach (var column in columns)
            {
                var value = column.Getter.GetClrValueUsingContainingEntity(row);
                if (value is not null && column.Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }

                await (value is null ? importer.WriteNullAsync(cancellationToken) : WriteAsync(importer, column, value, cancellationToken)).ConfigureAwait(false);
            }
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    // Typed writes for the provider types the mapping produces: the importer then encodes the value directly,
    // where an object would have its type resolved again for each of the batch's hundreds of thousands of values.
    private static Task WriteAsync(NpgsqlBinaryImporter importer, Column column, object value, CancellationToken cancellationToken) => (value, column.DbType) switch
    {
        (long v, { } type) => importer.WriteAsync(v, type, cancellationToken),
        (int v, { } type) => importer.WriteAsync(v, type, cancellationToken),
        (bool v, { } type) => importer.WriteAsync(v, type, cancellationToken),
        (string v, { } type) => importer.WriteAsync(v, type, cancellationToken),
        _ => importer.WriteAsync(value, column.StoreType, cancellationToken),
    };

    private static NpgsqlDbType? DbType(string storeType) => storeType switch
    {
        "bigint" => NpgsqlDbType.Bigint,
        "integer" => NpgsqlDbType.Integer,
        "boolean" => NpgsqlDbType.Boolean,
        "text" => NpgsqlDbType.Text,
        "character varying" => NpgsqlDbType.Varchar,
        _ => null,
    };

    // The type the migration gave the column, without its modifiers ("character varying(64)" → "character varying"):
    // binary COPY writes each value in its column's own binary format, so a long must go as bigint, an int as integer.
    private static string StoreType(IProperty property)
    {
        var type = property.GetColumnType();
        var open = type.IndexOf('(', StringComparison.Ordinal);
        return open < 0 ? type : type[..open].TrimEnd();
    }

    private sealed record Column(IClrPropertyGetter Getter, string Name, ValueConverter? Converter, string StoreType, NpgsqlDbType? DbType);
}
