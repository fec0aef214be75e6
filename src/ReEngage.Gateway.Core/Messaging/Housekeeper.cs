using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// The outbox's upkeep, on one timer: claims that ran out (<see cref="LeaseRecovery"/>), messages past their
/// validity (<see cref="MessageExpiry"/>), and status reports kept for a part not saved yet — matched late, or
/// after <see cref="DispatcherOptions.EarlyReportWindow"/> dropped into the modem's event log and the metrics.
/// Before the dispatcher starts it takes back this node's own claims from before a stop.
/// </summary>
public sealed partial class Housekeeper(
    IServiceScopeFactory scopes,
    LeaseRecovery recovery,
    MessageExpiry expiry,
    ModemRegistry registry,
    IGatewayMetrics metrics,
    IOptions<DispatcherOptions> tuning,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<Housekeeper> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            await recovery.RecoverAsync(db, options.Value.Node.EffectiveName, cancellationToken).ConfigureAwait(false);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(tuning.Value.HousekeepingInterval, time, stoppingToken).ConfigureAwait(false);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
                await recovery.RecoverAsync(db, null, stoppingToken).ConfigureAwait(false);
                db.ChangeTracker.Clear();
                await expiry.ExpireDueAsync(db, stoppingToken).ConfigureAwait(false);
                db.ChangeTracker.Clear();
                var reports = scope.ServiceProvider.GetRequiredService<DeliveryReportProcessor>();
                foreach (var dropped in await reports.MatchKeptAsync(null, abandonOld: true, stoppingToken).ConfigureAwait(false))
                {
                    metrics.ReportUnmatched(dropped.Modem);
                    registry.Find(dropped.Modem)?.Record(new ModemLogEntry(time.GetUtcNow(), "report",
                        $"status report for TP-MR {dropped.Reference} (…{dropped.RecipientTail}, TP-ST 0x{dropped.Status:X2}) matched no message"));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(2106, LogLevel.Error, "Outbox housekeeping failed; continuing")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
