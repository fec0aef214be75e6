using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Modems;

/// <summary>
/// Brings suspended modems back by themselves: when a suspended modem's next check is due, it is probed
/// (SIM ready, service centre set — nothing is sent) and resumes when the probe says it can send; otherwise
/// the next check waits longer (<see cref="Messaging.Policies.SuspensionPolicy"/>).
/// </summary>
public sealed partial class SuspensionProber(ModemRegistry registry, IOptions<DispatcherOptions> tuning, TimeProvider time, ILogger<SuspensionProber> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(tuning.Value.HousekeepingInterval * 5, time, stoppingToken).ConfigureAwait(false);
                await ProbeDueAsync(stoppingToken).ConfigureAwait(false);
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

    /// <summary>Probes every suspended modem whose check is due.</summary>
    public async Task ProbeDueAsync(CancellationToken cancellationToken)
    {
        foreach (var handle in registry.Handles)
        {
            if (handle.Suspension is not { } suspension || suspension.NextProbeAt > time.GetUtcNow())
            {
                continue;
            }

            (bool CanSend, string Reason) probe;
            try
            {
                probe = await handle.ProbeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Modem.ModemTimeoutException or Modem.ModemCommandException or Modem.ModemDisconnectedException)
            {
                probe = (false, ex.Message);
            }

            if (probe.CanSend)
            {
                handle.Lift(time.GetUtcNow(), $"a check found it able to send again ({probe.Reason})");
                LogResumed(logger, handle.Name, probe.Reason);
            }
            else
            {
                handle.ProbeFailed(probe.Reason, time.GetUtcNow());
            }
        }
    }

    [LoggerMessage(2510, LogLevel.Information, "{Modem} resumed by itself: {Reason}")]
    private static partial void LogResumed(ILogger logger, string modem, string reason);

    [LoggerMessage(2511, LogLevel.Error, "Probing suspended modems failed; continuing")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
