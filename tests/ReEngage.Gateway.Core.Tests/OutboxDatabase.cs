using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Tests;

/// <summary>The gateway's real SQLite database in a temporary folder, with the Core services and no host.</summary>
internal sealed class OutboxDatabase : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("reengage-core-").FullName;

    private OutboxDatabase(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; private set; }

    public static async Task<OutboxDatabase> CreateAsync(TimeProvider? time = null)
    {
        var database = new OutboxDatabase(null!);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = database.folder,
            ["Gateway:Node:Name"] = "node-a",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddGatewayCore(configuration);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        database.Services = services.BuildServiceProvider();
        await database.Services.MigrateGatewayDatabaseAsync();
        return database;
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async Task<long> InsertAsync(OutboundMessage message)
    {
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        await BulkInsert.InsertAsync(db, Services.GetRequiredService<SqliteWriteGate>(), [message], CancellationToken.None);
        return message.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
