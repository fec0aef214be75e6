using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Modem;

namespace ReEngage.Gateway.Core.Modems;

/// <summary>
/// Runs the registry's modems and turns what they report into stored facts: inbound SMS (acknowledged to
/// the modem only once stored), status reports, state and signal changes for the technician's log.
/// </summary>
public sealed partial class ModemEventPump(ModemRegistry registry, IServiceScopeFactory scopes, GatewayEventBus bus, TimeProvider time, ILogger<ModemEventPump> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> pumps = [];
    private int stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var handle in registry.Handles)
        {
            handle.Supervisor.Start();
            pumps.Add(Task.Run(() => PumpAsync(handle, stopping.Token), CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host may stop it more than once, or after disposing it: the first call does the work.
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await registry.CloseAsync().ConfigureAwait(false);
        await Task.WhenAll(pumps).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 0)
        {
            stopping.Cancel();
        }

        stopping.Dispose();
    }

    private async Task PumpAsync(ModemHandle handle, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in handle.Supervisor.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await HandleAsync(handle, item, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One event that cannot be stored must not stop the modem's event stream; an inbound
                    // SMS that was not acknowledged stays in the modem and comes back with the next sweep.
                    LogEventFailed(logger, handle.Name, item.GetType().Name, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task HandleAsync(ModemHandle handle, ModemEvent item, CancellationToken cancellationToken)
    {
        switch (item)
        {
            case InboundSmsReceived inbound:
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<InboundProcessor>().StoreAsync(handle.Name, inbound.Message, cancellationToken).ConfigureAwait(false);
                await inbound.Acknowledge(cancellationToken).ConfigureAwait(false);
                break;
            }

            case StatusReportReceived report:
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DeliveryReportProcessor>().ApplyAsync(handle.Name, report.Report, cancellationToken).ConfigureAwait(false);

                // Only now, with the report saved (matched, or kept for its part), is the modem told (AT+CNMA,
                // or deleting its stored copy): a crash before this leaves it with the modem or the network.
                await report.AcknowledgeAsync(cancellationToken).ConfigureAwait(false);
                break;
            }

            case ModemStateChanged changed:
                handle.Record(new ModemLogEntry(time.GetUtcNow(), changed.State.ToString().ToLowerInvariant(), changed.Reason ?? changed.State switch
                {
                    ModemState.Online => $"online: {handle.Identity?.Manufacturer} {handle.Identity?.Model}".TrimEnd(),
                    ModemState.Initializing => "initialising",
                    ModemState.Connecting => "connecting",
                    _ => changed.State.ToString().ToLowerInvariant(),
                }));
                bus.Publish(new ModemChanged(handle.Name));
                break;
            case HealthChanged health:
                handle.RecordSignal(new SignalSample(health.Health.At, health.Health.SignalDbm));
                bus.Publish(new ModemChanged(handle.Name));
                break;
            case ModemRestarted restarted:
                handle.Record(new ModemLogEntry(time.GetUtcNow(), "restarted", $"the modem restarted by itself ({restarted.Banner})"));
                bus.Publish(new ModemChanged(handle.Name));
                break;
            case UndecodablePdu bad:
                handle.Record(new ModemLogEntry(time.GetUtcNow(), "error", $"undecodable PDU left in the modem: {bad.Reason}"));
                LogUndecodable(logger, handle.Name, bad.StorageIndex, bad.Reason);
                break;
        }

    }

    [LoggerMessage(2000, LogLevel.Error, "{Modem}: handling {Event} failed")]
    private static partial void LogEventFailed(ILogger logger, string modem, string @event, Exception exception);

    [LoggerMessage(2001, LogLevel.Warning, "{Modem}: undecodable PDU at index {Index} left in the modem: {Reason}")]
    private static partial void LogUndecodable(ILogger logger, string modem, int? index, string reason);
}
