using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// Points the gateway's context at its engine: the SQLite file of a single appliance (migrations and compiled
/// model in this assembly), or a fleet's PostgreSQL (migrations and compiled model in
/// <see cref="PostgresAssembly"/>, loaded by name so the domain does not depend on it).
/// </summary>
public static class DatabaseSetup
{
    // A list in a query (`ids.Contains(x)`) goes as ONE parameter (json_each on SQLite, an array on PostgreSQL), as
    // before EF Core 10: the gateway's lists are the bulk paths' chunks of hundreds or thousands of values, and
    // one parameter per value made each chunk a new statement to build and prepare (1.2 s of a 100,000-row
    // import, measured with the load harness's import mode).
    private const ParameterTranslationMode CollectionParameters = ParameterTranslationMode.Parameter;

    /// <summary>The assembly holding the PostgreSQL migrations and compiled model.</summary>
    public const string PostgresAssembly = "ReEngage.Gateway.Data.Postgres";

    private static readonly Lazy<IModel> PostgresModel = new(LoadPostgresModel);

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

        db.UseSqlite($"Data Source={CoreServiceCollectionExtensions.DatabasePath(settings)};Pooling=True", sqlite => sqlite.CommandTimeout(30).UseParameterizedCollectionMode(CollectionParameters))
          // Order matters: domain events read the webhook subscriptions before the write gate is taken.
          .AddInterceptors([services.GetRequiredService<SqlitePragmas>(), services.GetRequiredService<DomainEventInterceptor>(), services.GetRequiredService<SqliteWriteGate>(), .. extra]);
    }

    /// <summary>The PostgreSQL options on their own (the migration tool, tests).</summary>
    public static DbContextOptionsBuilder UsePostgres(DbContextOptionsBuilder db, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.UseNpgsql(Tuned(connectionString), npgsql => npgsql.MigrationsAssembly(PostgresAssembly).CommandTimeout(30).UseParameterizedCollectionMode(CollectionParameters))
            .UseModel(PostgresModel.Value);
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

    private static IModel LoadPostgresModel()
    {
        var assembly = Assembly.Load(PostgresAssembly);
        var attribute = assembly.GetCustomAttributes<DbContextModelAttribute>().SingleOrDefault(a => a.ContextType == typeof(GatewayDbContext))
            ?? throw new InvalidOperationException($"{PostgresAssembly} has no compiled model for the gateway's context.");
        return (IModel)attribute.ModelType.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
    }
}
