using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// A prepared INSERT of one entity type built from the context's own mapping: every column EF maps, with
/// EF's converters (enums as text, instants as UTC ticks), and the generated key read back. A column added
/// to the entity is written by the bulk paths too, with no second list of columns to keep in step.
/// </summary>
internal sealed class MappedInsert<T> : IAsyncDisposable
    where T : class
{
    private readonly DbCommand command;
    private readonly Column[] columns;
    private readonly IProperty key;

    private MappedInsert(DbCommand command, Column[] columns, IProperty key)
    {
        (this.command, this.columns, this.key) = (command, columns, key);
    }

    public static MappedInsert<T> Open(GatewayDbContext db, DbConnection connection, DbTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (sql, columns, key) = Describe(db.Model);
        var command = RawSql.Command(connection, transaction, sql, [.. columns.Select(c => c.Parameter)]);
        return new MappedInsert<T>(command, columns, key);
    }

    /// <summary>Inserts the entity and sets its generated key.</summary>
    public async Task InsertAsync(T entity, CancellationToken cancellationToken)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            var value = columns[i].Property.GetGetter().GetClrValueUsingContainingEntity(entity);
            if (value is not null && columns[i].Converter is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }

            command.Parameters[i].Value = value ?? DBNull.Value;
        }

        var id = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        key.PropertyInfo!.SetValue(entity, Convert.ChangeType(id, key.ClrType, System.Globalization.CultureInfo.InvariantCulture));
    }

    public ValueTask DisposeAsync() => command.DisposeAsync();

    private static (string Sql, Column[] Columns, IProperty Key) Describe(IModel model)
    {
        var entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var columns = entity.GetProperties()
            .Where(p => p != key)
            .Select((p, i) => new Column(p, p.GetColumnName(table)!, $"@p{i}", p.GetTypeMapping().Converter))
            .ToArray();
        var sql = $"INSERT INTO {entity.GetTableName()} ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) " +
            $"VALUES ({string.Join(", ", columns.Select(c => c.Parameter))}) RETURNING \"{key.GetColumnName(table)}\"";
        return (sql, columns, key);
    }

    private sealed record Column(IProperty Property, string Name, string Parameter, ValueConverter? Converter);
}
