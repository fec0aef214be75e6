using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Tests;

/// <summary>The gateway's real SQLite database in a temporary folder (or, for the engine's own paths, a database on the test run's PostgreSQL cluster), with the Core services and no host.</summary>
internal sealed class OutboxDatabase : IAsyncDisposable
{
    private readonly string folder;
    private readonly bool ownsFolder;

    private OutboxDatabase(string folder, bool ownsFolder) => (this.folder, this.ownsFolder) = (folder, ownsFolder);

    public ServiceProvider Services { get; private set; } = null!;

    // configure replaces services after the Core's (an HTTP client factory, say).
    public static Task<OutboxDatabase> CreateAsync(TimeProvider? time = null, Action<IServiceCollection>? configure = null) =>
        OpenAsync(Directory.CreateTempSubdirectory("reengage-core-").FullName, ownsFolder: true, "node-a", time, configure);

    /// <summary>The same services on a fresh, migrated database of the test run's PostgreSQL cluster (tests/Shared).</summary>
    public static async Task<OutboxDatabase> CreatePostgresAsync()
    {
        var connectionString = await ReEngage.Gateway.Tests.Fleet.PostgresCluster.CreateDatabaseAsync();
        return await OpenAsync(Directory.CreateTempSubdirectory("reengage-core-").FullName, ownsFolder: true, "node-a", null, null, connectionString);
    }

    /// <summary>Either engine, by name ("sqlite", "postgres"): for tests that prove one behaviour on both.</summary>
    public static Task<OutboxDatabase> CreateAsync(string engine) => engine == "postgres" ? CreatePostgresAsync() : CreateAsync();

    /// <summary>Another gateway node (its own services and name) on this database file.</summary>
    public Task<OutboxDatabase> OtherNodeAsync(string node, TimeProvider? time = null, Action<IServiceCollection>? configure = null) =>
        OpenAsync(folder, ownsFolder: false, node, time, configure);

    private static async Task<OutboxDatabase> OpenAsync(string folder, bool ownsFolder, string node, TimeProvider? time, Action<IServiceCollection>? configure, string? postgres = null)
    {
        var database = new OutboxDatabase(folder, ownsFolder);
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = folder,
            ["Gateway:Node:Name"] = node,
        };
        if (postgres is not null)
        {
            settings["Gateway:Database:Provider"] = "Postgres";
            settings["Gateway:Database:ConnectionString"] = postgres;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddGatewayCore(configuration);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        configure?.Invoke(services);
        database.Services = services.BuildServiceProvider();
        await database.Services.MigrateGatewayDatabaseAsync();
        return database;
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async Task<long> InsertAsync(OutboundMessage message)
    {
        await InsertAsync([message]);
        return message.Id;
    }

    /// <summary>The bulk path: all the messages in one transaction, as the bulk API stores them.</summary>
    public async Task InsertAsync(IReadOnlyList<OutboundMessage> messages)
    {
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        await BulkInsert.InsertAsync(db, Services.GetRequiredService<DatabaseEngine>(), Services.GetRequiredService<Transactions>(), messages, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (ownsFolder)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
