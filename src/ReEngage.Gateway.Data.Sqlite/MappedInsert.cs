using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SQLitePCL;

namespace ReEngage.Gateway.Data.Sqlite;

/// <summary>
/// A prepared INSERT of one entity type built from the context's own mapping — every column EF maps, with EF's
/// converters (enums as text, instants as UTC ticks) — run on SQLite's own statement API with its parameters
/// bound by position. Microsoft.Data.Sqlite looks each parameter up by name, converting the name to UTF-8, on
/// every execution: with a message's 29 columns that was a fifth of a 10,000-message bulk insert. A column added
/// to the entity is written too, with no second list of columns to keep in step (<c>BulkInsertMappingTests</c>).
/// </summary>
internal sealed class MappedInsert<T> : IDisposable
    where T : class
{
    private readonly SqliteConnection connection;
    private readonly sqlite3_stmt statement;
    private readonly Column[] columns;
    private readonly Action<T, long> key;

    private MappedInsert(SqliteConnection connection, sqlite3_stmt statement, Column[] columns, Action<T, long> key)
    {
        (this.connection, this.statement, this.columns, this.key) = (connection, statement, columns, key);
    }

    /// <summary>Prepares the INSERT on the connection; rows then go into whatever transaction the connection has open.</summary>
    public static MappedInsert<T> Prepare(IModel model, SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(connection);
        var shape = Shape.For(model);
        Check(raw.sqlite3_prepare_v2(connection.Handle, shape.Sql, out var statement), connection);
        return new MappedInsert<T>(connection, statement, shape.Columns, shape.Key);
    }

    /// <summary>Inserts the entity and sets its generated key (the table's rowid).</summary>
    /// <exception cref="SqliteException">SQLite refused the row (a unique index: the idempotency key).</exception>
    public void Insert(T entity)
    {
        raw.sqlite3_reset(statement); // after the last row, or after a refused one (its error was read before)
        for (var i = 0; i < columns.Length; i++)
        {
            var value = columns[i].Getter.GetClrValueUsingContainingEntity(entity);
            if (value is not null && columns[i].Converter is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }

            Check(Bind(i + 1, value, columns[i].Name), connection);
        }

        var done = raw.sqlite3_step(statement);
        if (done != raw.SQLITE_DONE)
        {
            Check(done, connection);
        }

        key(entity, raw.sqlite3_last_insert_rowid(connection.Handle));
    }

    public void Dispose() => statement.Dispose();

    // The provider values EF's mapping produces, bound as Microsoft.Data.Sqlite would bind them.
    private int Bind(int index, object? value, string column) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        short number => raw.sqlite3_bind_int64(statement, index, number),
        byte number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        double real => raw.sqlite3_bind_double(statement, index, real),
        byte[] blob => raw.sqlite3_bind_blob(statement, index, blob),
        _ => throw new NotSupportedException($"{typeof(T).Name}.{column}: no bulk binding for {value.GetType().Name}; add one beside the others."),
    };

    private static void Check(int result, SqliteConnection connection)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, connection.Handle);
        }
    }

    private sealed record Column(IClrPropertyGetter Getter, string Name, ValueConverter? Converter);

    // The statement and its columns, worked out once per model (the compiled model is one instance per engine).
    private sealed record Shape(IModel Model, string Sql, Column[] Columns, Action<T, long> Key)
    {
        private static Shape? cache;

        public static Shape For(IModel model)
        {
            // One reference read and write: two threads racing here both build a correct shape, and one is kept.
            var cached = cache;
            return cached is not null && ReferenceEquals(cached.Model, model) ? cached : cache = Describe(model);
        }

        private static Shape Describe(IModel model)
        {
            var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var key = entity.FindPrimaryKey()!.Properties.Single();
            var columns = entity.GetProperties()
                .Where(p => p != key)
                .Select(p => new Column(p.GetGetter(), p.GetColumnName(table)!, p.GetTypeMapping().Converter))
                .ToArray();
            var sql = $"INSERT INTO \"{entity.GetTableName()}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) " +
                $"VALUES ({string.Join(", ", columns.Select((_, i) => $"?{i + 1}"))})";
            // The key is the table's rowid (an INTEGER PRIMARY KEY): a long, set through the property's own setter.
            var setter = key.ClrType == typeof(long) && key.PropertyInfo?.GetSetMethod(nonPublic: true) is { } method
                ? method.CreateDelegate<Action<T, long>>()
                : throw new NotSupportedException($"{typeof(T).Name}.{key.Name}: the bulk insert sets a long key through its property.");
            return new Shape(model, sql, columns, setter);
        }
    }
}
