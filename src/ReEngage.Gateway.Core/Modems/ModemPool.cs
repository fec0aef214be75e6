using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Modem;
using ReEngage.Gateway.Modem.Simulation;
using ReEngage.Gateway.Modem.Transport;

namespace ReEngage.Gateway.Core.Modems;

/// <summary>
/// Starts a supervisor per configured modem — or simulated modems on a simulated network when none is
/// configured — and turns their events into stored inbound SMS and applied delivery reports.
/// </summary>
public sealed partial class ModemPool : IHostedService, IModemDirectory, IAsyncDisposable
{
    private readonly IServiceScopeFactory scopes;
    private readonly GatewayEventBus bus;
    private readonly TimeProvider time;
    private readonly ILogger<ModemPool> logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> pumps = [];
    private int stopped;

    public ModemPool(IOptions<GatewayOptions> options, IServiceScopeFactory scopes, GatewayEventBus bus, TimeProvider time, ILoggerFactory loggers)
    {
        this.time = time;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        this.scopes = scopes;
        this.bus = bus;
        logger = loggers.CreateLogger<ModemPool>();
        var settings = options.Value;
        var handles = new List<ModemHandle>();
        if (settings.SimulationActive)
        {
            var simulation = settings.Simulation;
            Network = new SimulatedNetwork(
                new SimulatedNetworkOptions
                {
                    StatusReportDelay = simulation.StatusReportDelay,
                    FailureRate = simulation.FailureRate,
                    SubmissionLog = simulation.SubmissionLog ? Path.Combine(Path.GetFullPath(settings.DataDirectory), "simulated-network.log") : null,
                    StateFile = simulation.NetworkState ? Path.Combine(Path.GetFullPath(settings.DataDirectory), "simulated-network.state") : null,
                    ReportRetryDelay = simulation.StatusReportDelay,
                },
                time);
            for (var i = 1; i <= simulation.Modems; i++)
            {
                var name = $"sim-{i}";
                var modem = new SimulatedModem(
                    new SimulatedModemOptions
                    {
                        Name = name,
                        PhoneNumber = $"+3933300000{i:D2}",
                        Imei = $"35693803564{i:D4}",
                        Iccid = $"893910452000346{i:D4}",
                        SendDelay = simulation.SendDelay,
                        StorageCapacity = 50,
                    },
                    Network);
                var limits = new ModemOptions { Name = name, Device = $"simulated:{name}", PerMinute = simulation.PerMinute, DailyLimit = simulation.DailyLimit, MonthlyRecipients = simulation.MonthlyRecipients };
                var supervisor = new ModemSupervisor(
                    new ModemSupervisorOptions { Device = limits.Device, Session = new ModemSessionOptions { Name = name, ReassemblyTimeout = settings.Inbound.IncompleteAfter }, HealthInterval = TimeSpan.FromSeconds(10), UsbResetOnHang = false },
                    _ => modem.ConnectInMemory(),
                    _ => modem.IsPluggedIn,
                    loggers.CreateLogger($"ReEngage.Gateway.Modem.{name}"),
                    time);
                handles.Add(new ModemHandle(name, limits.Device, limits, supervisor, modem));
            }
        }

        foreach (var configured in settings.Modems)
        {
            var supervisor = new ModemSupervisor(
                new ModemSupervisorOptions
                {
                    Device = configured.Device,
                    Serial = new SerialSettings { BaudRate = configured.BaudRate },
                    Session = new ModemSessionOptions { Name = configured.Name, Pin = configured.Pin, Profile = configured.Profile, ReassemblyTimeout = settings.Inbound.IncompleteAfter },
                },
                logger: loggers.CreateLogger($"ReEngage.Gateway.Modem.{configured.Name}"),
                timeProvider: time);
            handles.Add(new ModemHandle(configured.Name, configured.Device, configured, supervisor, null));
        }

        Handles = handles;
        Names = [.. handles.Select(h => h.Name)];
    }

    /// <summary>The simulated network, in simulation mode.</summary>
    public SimulatedNetwork? Network { get; }

    public IReadOnlyList<ModemHandle> Handles { get; }

    public IReadOnlyList<string> Names { get; }

    public ModemHandle? Find(string name) => Handles.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Parts per second the online modems can send: each is bound by its pace or by how long it actually
    /// takes per part. With none online, what the configured paces would allow (an estimate still helps).
    /// </summary>
    public double PartsPerSecond()
    {
        var online = Handles.Where(h => h.ReadySession is not null)
            .Sum(h => Math.Min(h.Limits.PerMinute / 60.0, h.SecondsPerPart is > 0 and var s ? 1 / s : double.MaxValue));
        return online > 0 ? online : Handles.Sum(h => h.Limits.PerMinute / 60.0);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var handle in Handles)
        {
            handle.Supervisor.Start();
            pumps.Add(Task.Run(() => PumpAsync(handle, stopping.Token), CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await StopModemsAsync().ConfigureAwait(false);
        await Task.WhenAll(pumps).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // The host may dispose before or after stopping: both orders end in the same place.
        await StopModemsAsync().ConfigureAwait(false);
        foreach (var handle in Handles)
        {
            if (handle.Simulated is not null)
            {
                await handle.Simulated.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task StopModemsAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        foreach (var handle in Handles)
        {
            await handle.Supervisor.DisposeAsync().ConfigureAwait(false);
        }
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

                // Only now, with the report saved, is the modem told (AT+CNMA, or deleting its stored
                // copy): a crash before this leaves it with the modem or the network, and it comes back.
                await report.AcknowledgeAsync(cancellationToken).ConfigureAwait(false);
                break;
            }

            case ModemStateChanged changed:
                handle.Record(new ModemLogEntry(time.GetUtcNow(), changed.State.ToString().ToLowerInvariant(), changed.Reason ?? changed.State switch
                {
                    ModemState.Online => $"online: {handle.Supervisor.Identity?.Manufacturer} {handle.Supervisor.Identity?.Model}".TrimEnd(),
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
