using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Modem;
using ReEngage.Gateway.Modem.Simulation;
using ReEngage.Gateway.Modem.Transport;

namespace ReEngage.Gateway.Core.Modems;

/// <summary>
/// Which modems this gateway has: one per configured device — or simulated modems on a simulated network
/// when none is configured — each behind a <see cref="ModemHandle"/>. It builds them and finds them by
/// name; the <see cref="ModemEventPump"/> runs them.
/// </summary>
public sealed class ModemRegistry : IModemDirectory, IAsyncDisposable
{
    public ModemRegistry(IOptions<GatewayOptions> options, GatewayEventBus bus, DispatchSignal signal, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
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
                var name = $"{simulation.NamePrefix}{i}";
                var modem = new SimulatedModem(
                    new SimulatedModemOptions
                    {
                        Name = name,
                        PhoneNumber = $"+3933300000{i:D2}",
                        Imei = $"35693803564{i:D4}",
                        Iccid = $"893910452000346{i:D4}",
                        SendDelay = simulation.SendDelay,
                        StorageCapacity = 50,
                        Dialect = simulation.Dialects.Count > 0 ? simulation.Dialects[(i - 1) % simulation.Dialects.Count] : SimulatedDialect.Generic,
                        ReportStorageCapacity = simulation.ReportStorageCapacity,
                        AcknowledgementTimeout = simulation.AcknowledgementTimeout,
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
        foreach (var handle in handles)
        {
            // Operators watch modems live; a modem that can send again wakes the dispatcher's workers.
            handle.Changed += changed =>
            {
                bus.Publish(new ModemChanged(changed.Name));
                if (changed.CanSend)
                {
                    signal.Pulse();
                }
            };
        }
    }
    /// <summary>The simulated network, in simulation mode.</summary>
    public SimulatedNetwork? Network { get; }

    public IReadOnlyList<ModemHandle> Handles { get; }

    public IReadOnlyList<string> Names { get; }

    public ModemHandle? Find(string name) => Handles.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The modems that can send now.</summary>
    public IReadOnlyList<string> Ready() => [.. Handles.Where(h => h.CanSend).Select(h => h.Name)];

    /// <summary>
    /// Parts per second the online modems can send: each is bound by its pace or by how long it actually
    /// takes per part. With none online, what the configured paces would allow (an estimate still helps).
    /// </summary>
    public double PartsPerSecond()
    {
        var online = Handles.Where(h => h.CanSend)
            .Sum(h => Math.Min(h.Limits.PerMinute / 60.0, h.SecondsPerPart is > 0 and var s ? 1 / s : double.MaxValue));
        return online > 0 ? online : Handles.Sum(h => h.Limits.PerMinute / 60.0);
    }

    /// <summary>Closes every modem (once, whoever asks first: the pump stopping or the host disposing).</summary>
    public async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref closed, 1) == 1)
        {
            return;
        }

        foreach (var handle in Handles)
        {
            await handle.Supervisor.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        foreach (var handle in Handles)
        {
            if (handle.Simulated is not null)
            {
                await handle.Simulated.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private int closed;
}
