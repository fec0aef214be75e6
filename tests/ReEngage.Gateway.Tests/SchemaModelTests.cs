using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Data.Sqlite.CompiledModel;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// The three descriptions of the schema agree: the model OnModelCreating builds, the compiled model the
/// gateway runs with (each engine assembly's CompiledModel, from <c>dotnet ef dbcontext optimize</c>), and the migrations.
/// </summary>
public sealed class SchemaModelTests
{
    private static GatewayDbContext Context(string path)
    {
        var options = new DbContextOptionsBuilder<GatewayDbContext>();
        DatabaseSetup.UseSqlite(options, $"Data Source={path}");
        return new(options.Options);
    }

    [Fact]
    public void TheGatewayRunsOnTheCompiledModel_AndItMatchesTheModelTheCodeBuilds()
    {
        using var db = Context(":memory:");
        Assert.IsType<GatewayDbContextModel>(db.Model);

        var built = db.GetService<IDesignTimeModel>().Model;
        var expected = Describe(built.GetRelationalModel());
        var actual = Describe(db.Model.GetRelationalModel());
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            "src/ReEngage.Gateway.Data.Sqlite/CompiledModel is out of date; in that folder run: dotnet ef dbcontext optimize --output-dir CompiledModel --namespace ReEngage.Gateway.Data.Sqlite.CompiledModel"
            + $"\nonly in the code's model: {string.Join("; ", missing)}\nonly in the compiled model: {string.Join("; ", extra)}");
        Assert.Equal(built.GetEntityTypes().Select(e => e.Name).Order(), db.Model.GetEntityTypes().Select(e => e.Name).Order());
    }

    /// <summary>Every table, column (type, nullability), key, index (unique, filter) and foreign key (delete rule).</summary>
    private static HashSet<string> Describe(IRelationalModel model)
    {
        var lines = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in model.Tables)
        {
            lines.Add($"table {table.Name}");
            foreach (var column in table.Columns)
            {
                lines.Add($"column {table.Name}.{column.Name} {column.StoreType} null={column.IsNullable} default={column.DefaultValueSql ?? column.DefaultValue?.ToString()}");
                foreach (var mapping in column.PropertyMappings)
                {
                    lines.Add($"maps {table.Name}.{column.Name} <- {mapping.Property.DeclaringType.Name}.{mapping.Property.Name} {mapping.Property.ClrType.Name} converter={mapping.Property.GetTypeMapping().Converter?.GetType().Name} max={mapping.Property.GetMaxLength()}");
                }
            }

            foreach (var key in table.UniqueConstraints)
            {
                lines.Add($"key {table.Name}({string.Join(",", key.Columns.Select(c => c.Name))}) primary={key.GetIsPrimaryKey()}");
            }

            foreach (var index in table.Indexes)
            {
                lines.Add($"index {index.Name} on {table.Name}({string.Join(",", index.Columns.Select(c => c.Name))}) unique={index.IsUnique} filter={index.Filter}");
            }

            foreach (var foreignKey in table.ForeignKeyConstraints)
            {
                lines.Add($"fk {foreignKey.Name} {table.Name}({string.Join(",", foreignKey.Columns.Select(c => c.Name))}) -> {foreignKey.PrincipalTable.Name} on delete {foreignKey.OnDeleteAction}");
            }
        }

        return lines;
    }

    [Fact]
    public void TheMigrationsDescribeTheWholeModel()
    {
        using var db = Context(":memory:");
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration describes: add one with dotnet ef migrations add.");
    }

    private static GatewayDbContext PostgresContext()
    {
        var options = new DbContextOptionsBuilder<GatewayDbContext>();
        DatabaseSetup.UsePostgres(options, "Host=localhost;Database=unused");
        return new(options.Options);
    }

    [Fact]
    public void OnPostgres_TheFleetRunsOnItsOwnCompiledModel_AndItMatchesTheModelTheCodeBuilds()
    {
        using var db = PostgresContext();
        Assert.IsType<Data.Postgres.CompiledModel.GatewayDbContextModel>(db.Model);
        var built = db.GetService<IDesignTimeModel>().Model;
        var expected = Describe(built.GetRelationalModel());
        var actual = Describe(db.Model.GetRelationalModel());
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            "src/ReEngage.Gateway.Data.Postgres/CompiledModel is out of date; in that folder run: dotnet ef dbcontext optimize --output-dir CompiledModel --namespace ReEngage.Gateway.Data.Postgres.CompiledModel"
            + $"\nonly in the code's model: {string.Join("; ", missing)}\nonly in the compiled model: {string.Join("; ", extra)}");
        Assert.Contains(expected, line => line.Contains("character varying", StringComparison.Ordinal)); // truly Npgsql's mapping
    }

    [Fact]
    public void OnPostgres_TheMigrationsDescribeTheWholeModel()
    {
        using var db = PostgresContext();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changes no PostgreSQL migration describes: in src/ReEngage.Gateway.Data.Postgres run dotnet ef migrations add <Name> --output-dir Migrations --namespace ReEngage.Gateway.Data.Postgres.Migrations");
    }

    [Fact]
    public async Task StartUpsCheckForPendingMigrations_WithoutEfsHistoryModel()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("reengage-schema-").FullName, "gateway.db");
        await using (var db = Context(path))
        {
            Assert.True(await CoreServiceCollectionExtensions.MigrationsPendingAsync(db, CancellationToken.None)); // no database yet

            await db.GetService<IMigrator>().MigrateAsync("20261122220636_InitialSchema");
            Assert.True(await CoreServiceCollectionExtensions.MigrationsPendingAsync(db, CancellationToken.None)); // an older version's

            await db.Database.MigrateAsync();
            Assert.False(await CoreServiceCollectionExtensions.MigrationsPendingAsync(db, CancellationToken.None));
        }

        await using var again = Context(path);
        Assert.False(await CoreServiceCollectionExtensions.MigrationsPendingAsync(again, CancellationToken.None));
        Assert.Empty(await again.Database.GetPendingMigrationsAsync()); // EF's own answer agrees
    }
}
