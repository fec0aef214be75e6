using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Fleet;

/// <summary>
/// Which node runs the fleet's singleton jobs (the marketing scheduler, the nodes' watchdog): the holder of a
/// PostgreSQL advisory lock. When the leader dies its session ends, the server frees the lock and another
/// node takes it at its next try. A single appliance (SQLite) always leads.
/// </summary>
public sealed partial class FleetLeadership(IOptions<GatewayOptions> options, TimeProvider time, ILogger<FleetLeadership> logger) : BackgroundService
{
    private readonly DatabaseOptions database = options.Value.Database;
    private FleetLock? held;

    /// <summary>Whether this node runs the singleton jobs now.</summary>
    public bool IsLeader => !database.IsPostgres || held is not null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!database.IsPostgres)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await TryLeadAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(options.Value.Node.EffectiveHeartbeat, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the lock goes with the connection.
        }
        finally
        {
            if (held is { } fleetLock)
            {
                held = null;
                await fleetLock.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task TryLeadAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (held is { } current)
            {
                if (await current.StillHeldAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                held = null;
                await current.DisposeAsync().ConfigureAwait(false);
                LogLost(logger, options.Value.Node.EffectiveName);
            }

            held = await FleetLock.TryAcquireAsync(database.ConnectionString!, FleetLock.Leader, cancellationToken).ConfigureAwait(false);
            if (held is not null)
            {
                LogLeading(logger, options.Value.Node.EffectiveName);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogUnavailable(logger, ex);
        }
    }

    [LoggerMessage(6001, LogLevel.Information, "Node {Node} now runs the fleet's singleton jobs")]
    private static partial void LogLeading(ILogger logger, string node);

    [LoggerMessage(6002, LogLevel.Warning, "Node {Node} lost the fleet's leadership (its database session ended)")]
    private static partial void LogLost(ILogger logger, string node);

    [LoggerMessage(6003, LogLevel.Warning, "The database is unreachable; leadership will be retried")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
