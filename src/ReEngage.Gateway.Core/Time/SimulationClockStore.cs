using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Time;

/// <summary>
/// Keeps the simulated time across restarts: a simulation that reached day 50 must not wake up on day 0,
/// or every schedule in the database would be weeks in the future. The simulated instant (not the offset)
/// is stored, so the clock never goes back even if the machine's own clock does. Saved on every advance
/// through the API and when the gateway stops; loaded before the hosted services start.
/// </summary>
public sealed partial class SimulationClockStore(SimulationClock clock, IServiceScopeFactory scopes, IOptions<GatewayOptions> options, ILogger<SimulationClockStore> logger) : IHostedService
{
    internal const string Key = "simulation.now";

    private int stopped;

    /// <summary>Puts the clock where it was saved (simulation mode only).</summary>
    public async Task LoadAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!options.Value.SimulationActive)
        {
            return;
        }

        var saved = await db.Settings.AsNoTracking().Where(s => s.Key == Key).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (saved is not null && DateTimeOffset.TryParse(saved, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
        {
            clock.AdvanceTo(at);
        }
    }

    /// <summary>Saves the simulated time now.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SimulationActive)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var value = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

        // An upsert: an advance through the API and the shutdown may save at the same moment.
        await db.Database.ExecuteSqlAsync($"INSERT INTO settings (\"Key\", \"Value\") VALUES ({Key}, {value}) ON CONFLICT (\"Key\") DO UPDATE SET \"Value\" = excluded.\"Value\"", cancellationToken).ConfigureAwait(false);
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    async Task IHostedService.StopAsync(CancellationToken cancellationToken)
    {
        // A host may be stopped twice (a test host's dispose stops it again after its services are gone).
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        try
        {
            await SaveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Stopping must go on: at worst the clock restarts from the last advance saved through the API.
            LogSaveFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The simulated time could not be saved at shutdown")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception);
}
