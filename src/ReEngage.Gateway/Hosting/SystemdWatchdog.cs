using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting.Systemd;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Hosting;

/// <summary>
/// Pings systemd's watchdog (WatchdogSec= in the unit) while the gateway is alive: its database answers
/// within the interval. A hung process stops pinging and systemd restarts it. Does nothing when systemd
/// asked for no watchdog (WATCHDOG_USEC unset) or when not run by systemd.
/// </summary>
internal sealed partial class SystemdWatchdog(ISystemdNotifier notifier, IServiceScopeFactory scopes, TimeProvider time, ILogger<SystemdWatchdog> logger) : BackgroundService
{
    internal static TimeSpan? Interval(string? watchdogMicroseconds) =>
        long.TryParse(watchdogMicroseconds, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0
            ? TimeSpan.FromTicks(usec * 10 / 3) // ping three times per period, as sd_watchdog_enabled(3) advises at least twice
            : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled || Interval(Environment.GetEnvironmentVariable("WATCHDOG_USEC")) is not { } interval)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
                using var check = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                check.CancelAfter(interval);
                // A real query, not just a connection: a locked or corrupt database must stop the pings.
                await db.Settings.AnyAsync(check.Token);
                notifier.Notify(new ServiceState("WATCHDOG=1"));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogUnhealthy(logger, ex.Message);
            }

            await Task.Delay(interval, time, stoppingToken);
        }
    }

    [LoggerMessage(3200, LogLevel.Warning, "Watchdog: the gateway is not healthy ({Reason}); not pinging systemd")]
    private static partial void LogUnhealthy(ILogger logger, string reason);
}
