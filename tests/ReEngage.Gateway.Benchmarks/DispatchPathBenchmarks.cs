using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Benchmarks;

/// <summary>
/// The gateway's own work per message between two submits — what sits in series with the modem: claiming the
/// next message (one query, one conditional update, its parts) and sending it through the transmitter (the
/// checkpoint before AT+CMGS, the TP-MR and "sent" after, the early-report probe), on the real SQLite database
/// in a temporary folder and a simulated modem that answers at once. Time and allocations per message.
/// </summary>
[MemoryDiagnoser]
public class DispatchPathBenchmarks
{
    private string folder = null!;
    private ServiceProvider services = null!;
    private ModemEventPump pump = null!;
    private ModemHandle handle = null!;
    private MessageClaimer claimer = null!;
    private MessageTransmitter transmitter = null!;

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        folder = Directory.CreateTempSubdirectory("reengage-bench-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = folder,
            ["Gateway:Simulation:Enabled"] = "true",
            ["Gateway:Simulation:Modems"] = "1",
            ["Gateway:Simulation:SendDelay"] = "00:00:00",
            ["Gateway:Simulation:PerMinute"] = "1000000",
            ["Gateway:Simulation:DailyLimit"] = "10000000",
        }).Build();
        services = new ServiceCollection().AddLogging().AddGatewayCore(configuration).BuildServiceProvider();
        await services.MigrateGatewayDatabaseAsync();
        pump = services.GetServices<IHostedService>().OfType<ModemEventPump>().Single();
        await pump.StartAsync(CancellationToken.None);
        handle = services.GetRequiredService<ModemRegistry>().Handles[0];
        while (!handle.CanSend)
        {
            await Task.Delay(20);
        }

        claimer = services.GetRequiredService<MessageClaimer>();
        transmitter = services.GetRequiredService<MessageTransmitter>();
        for (var batch = 0; batch < 20; batch++)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<OutboxService>().AcceptBulkAsync(
                [.. Enumerable.Range(0, 10_000).Select(i => new SendRequest($"+39347{(batch * 10_000) + i + 1000000:D7}", $"Ciao! Il tuo ordine {i} è stato spedito."))],
                CancellationToken.None);
        }

        // A few messages waiting for a retry an hour from now: what an idle worker looks for between wakes.
        await using (var scope = services.CreateAsyncScope())
        {
            var retryAt = DateTimeOffset.UtcNow.AddHours(1);
            await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Messages.Where(m => m.Id % 20_000 == 7)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.NextAttemptAt, retryAt));
        }
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await pump.StopAsync(CancellationToken.None);
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Benchmark(Description = "claim the next message")]
    public async Task<long> Claim()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var claim = await claimer.ClaimAsync(db, handle, CancellationToken.None) ?? throw new InvalidOperationException("The queue ran dry: raise the setup's message count.");
        return claim.Message.Id;
    }

    [Benchmark(Description = "an idle worker's look for its next due time")]
    public async Task<DateTimeOffset?> NextDue()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        return await MessageClaimer.NextDueAsync(db, handle, DateTimeOffset.UtcNow, CancellationToken.None) ?? throw new InvalidOperationException("The setup's retries are missing.");
    }

    [Benchmark(Description = "claim and send one message (1 part)")]
    public async Task<long> ClaimAndSend()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var claim = await claimer.ClaimAsync(db, handle, CancellationToken.None) ?? throw new InvalidOperationException("The queue ran dry: raise the setup's message count.");
        await transmitter.SendAsync(db, handle, claim.Message, claimer.Node, null, CancellationToken.None);
        return claim.Message.Id;
    }
}
