using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// Points the gateway's context at its engine: the SQLite file of a single appliance, or a fleet's
/// PostgreSQL. Each engine's migrations, compiled model and own statements are in its own assembly
/// (<see cref="SqliteAssembly"/>, <see cref="PostgresAssembly"/>: <see cref="DatabaseEngine"/>), loaded by
/// name so that the domain and this assembly depend on neither.
/// </summary>
public static class DatabaseSetup
{
    // A list in a query (`ids.Contains(x)`) goes as ONE parameter (json_each on SQLite, an array on PostgreSQL), as
    // before EF Core 10: the gateway's lists are the bulk paths' chunks of hundreds or thousands of values, and
    // one parameter per value made each chunk a new statement to build and prepare (1.2 s of a 100,000-row
    // import, measured with the load harness's import mode).
    private const ParameterTranslationMode CollectionParameters = ParameterTranslationMode.Parameter;

    /// <summary>The assembly holding the SQLite migrations, compiled model and statements.</summary>
    public const string SqliteAssembly = "ReEngage.Gateway.Data.Sqlite";

    /// <summary>The assembly holding the PostgreSQL migrations, compiled model and statements.</summary>
    public const string PostgresAssembly = "ReEngage.Gateway.Data.Postgres";

    private static readonly Lazy<DatabaseEngine> Sqlite = new(() => Load(SqliteAssembly));
    private static readonly Lazy<DatabaseEngine> Postgres = new(() => Load(PostgresAssembly));

    /// <summary>The engine the settings choose.</summary>
    public static DatabaseEngine Engine(DatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.IsPostgres ? Postgres.Value : Sqlite.Value;
    }

    public static void Configure(DbContextOptionsBuilder db, GatewayOptions settings, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(services);
        var extra = services.GetServices<IInterceptor>();
        if (settings.Database.IsPostgres)
        {
            UsePostgres(db, settings.Database.ConnectionString!);
            db.AddInterceptors([services.GetRequiredService<DomainEventInterceptor>(), .. extra]);
            return;
        }

        UseSqlite(db, $"Data Source={CoreServiceCollectionExtensions.DatabasePath(settings)};Pooling=True")
          // Order matters: domain events read the webhook subscriptions before the write gate is taken.
          .AddInterceptors([services.GetRequiredService<SqlitePragmas>(), services.GetRequiredService<DomainEventInterceptor>(), services.GetRequiredService<SqliteWriteGate>(), .. extra]);
    }

    /// <summary>The SQLite options on their own (the copy to PostgreSQL, tests).</summary>
    public static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder db, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(SqliteAssembly).CommandTimeout(30).UseParameterizedCollectionMode(CollectionParameters))
            .UseModel(Sqlite.Value.Model);
    }

    /// <summary>The PostgreSQL options on their own (the migration tool, tests).</summary>
    public static DbContextOptionsBuilder UsePostgres(DbContextOptionsBuilder db, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.UseNpgsql(Tuned(connectionString), npgsql => npgsql.MigrationsAssembly(PostgresAssembly).CommandTimeout(30).UseParameterizedCollectionMode(CollectionParameters))
            .UseModel(Postgres.Value.Model);
    }

    /// <summary>The operator's connection string, with statements prepared automatically unless they chose otherwise.</summary>
    public static string Tuned(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    private static DatabaseEngine Load(string assemblyName)
    {
        var type = Assembly.Load(assemblyName).GetExportedTypes().SingleOrDefault(t => t.IsSubclassOf(typeof(DatabaseEngine)) && !t.IsAbstract)
            ?? throw new InvalidOperationException($"{assemblyName} has no {nameof(DatabaseEngine)}.");
        return (DatabaseEngine)Activator.CreateInstance(type)!;
    }
}
