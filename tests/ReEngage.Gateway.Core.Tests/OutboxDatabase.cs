using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Tests;

/// <summary>The gateway's real SQLite database in a temporary folder, with the Core services and no host.</summary>
internal sealed class OutboxDatabase : IAsyncDisposable
{
    private readonly string folder;
    private readonly bool ownsFolder;

    private OutboxDatabase(string folder, bool ownsFolder) => (this.folder, this.ownsFolder) = (folder, ownsFolder);

    public ServiceProvider Services { get; private set; } = null!;

    // configure replaces services after the Core's (an HTTP client factory, say).
    public static Task<OutboxDatabase> CreateAsync(TimeProvider? time = null, Action<IServiceCollection>? configure = null) =>
        OpenAsync(Directory.CreateTempSubdirectory("reengage-core-").FullName, ownsFolder: true, "node-a", time, configure);

    /// <summary>Another gateway node (its own services and name) on this database file.</summary>
    public Task<OutboxDatabase> OtherNodeAsync(string node, TimeProvider? time = null, Action<IServiceCollection>? configure = null) =>
        OpenAsync(folder, ownsFolder: false, node, time, configure);

    private static async Task<OutboxDatabase> OpenAsync(string folder, bool ownsFolder, string node, TimeProvider? time, Action<IServiceCollection>? configure)
    {
        var database = new OutboxDatabase(folder, ownsFolder);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = folder,
            ["Gateway:Node:Name"] = node,
        }).Build();
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
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        await BulkInsert.InsertAsync(db, Services.GetRequiredService<DatabaseEngine>(), Services.GetRequiredService<Transactions>(), [message], CancellationToken.None);
        return message.Id;
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
