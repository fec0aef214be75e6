using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// The marketing clock: on every tick the sleeping segment is applied, due campaigns start and
/// automations enrol and advance. Ticks never overlap (a manual <see cref="TickAsync"/> waits for a running one),
/// across the fleet too: on PostgreSQL a tick holds an advisory lock, and only the leader ticks on its timer.
/// </summary>
public sealed partial class MarketingScheduler(IServiceScopeFactory scopes, Fleet.FleetLeadership leadership, IOptions<GatewayOptions> options, TimeProvider time, ILogger<MarketingScheduler> logger) : BackgroundService
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Runs one tick now (the API's "run now", tests with a fake clock).</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another node's tick (its "run now") may be running: ticks take turns, each reading what the last one did.
            var database = options.Value.Database;
            await using var fleetTick = database.IsPostgres
                ? await Data.FleetLock.AcquireAsync(database.ConnectionString!, Data.FleetLock.MarketingTick, cancellationToken).ConfigureAwait(false)
                : null;
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            await services.GetRequiredService<SegmentService>().ApplySleepingAsync(cancellationToken).ConfigureAwait(false);
            await services.GetRequiredService<CampaignService>().RunDueAsync(cancellationToken).ConfigureAwait(false);
            await services.GetRequiredService<AutomationRunner>().RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        gate.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Marketing.TickInterval, time);
        do
        {
            try
            {
                if (leadership.IsLeader)
                {
                    await TickAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One bad automation must not stop the others tomorrow: log and try again next tick.
                LogTickFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Marketing tick failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
