using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Modem.Transport;

namespace ReEngage.Gateway.Modem;

/// <summary>Where a supervised modem is in its life.</summary>
public enum ModemState
{
    /// <summary>Looking for the device or opening it.</summary>
    Connecting,

    /// <summary>Running the init sequence.</summary>
    Initializing,

    /// <summary>Ready to send.</summary>
    Online,

    /// <summary>Gone (unplugged, hung, failed); a reconnect is scheduled.</summary>
    Offline,

    /// <summary>Stopped for good until someone acts: a wrong PIN or a PUK, which must never be retried.</summary>
    Failed,
}

/// <summary>A supervised modem changed state.</summary>
public sealed record ModemStateChanged(ModemState State, string? Reason) : ModemEvent;

/// <summary>How a modem is supervised.</summary>
public sealed record ModemSupervisorOptions
{
    /// <summary>Device path, ideally /dev/serial/by-id/… or /dev/reengage/….</summary>
    public required string Device { get; init; }

    /// <summary>Serial settings.</summary>
    public SerialSettings Serial { get; init; } = new();

    /// <summary>Session settings (name, PIN, profile, timeouts).</summary>
    public ModemSessionOptions Session { get; init; } = new();

    /// <summary>How often health is polled and liveness checked.</summary>
    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the device node is checked for (an unplugged USB modem disappears from /dev).</summary>
    public TimeSpan PresenceInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long "AT" may take before the modem is thought hung.</summary>
    public TimeSpan LivenessTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First reconnect delay; doubles up to <see cref="ReconnectMaximum"/>.</summary>
    public TimeSpan ReconnectMinimum { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest reconnect delay.</summary>
    public TimeSpan ReconnectMaximum { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Reset the USB device when a hung modem does not come back with a re-initialisation.</summary>
    public bool UsbResetOnHang { get; init; } = true;
}

/// <summary>
/// Keeps one modem connected: opens the device, initialises it, watches it (device still there, answers
/// "AT", health), and on loss reconnects with back-off — also when the device comes back under another
/// tty name. A hung modem is re-initialised, then reset at the USB level. A wrong PIN stops it for good.
/// </summary>
public sealed class ModemSupervisor : IAsyncDisposable
{
    private readonly ModemSupervisorOptions options;
    private readonly Func<string, Stream> open;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly Channel<ModemEvent> events = Channel.CreateUnbounded<ModemEvent>();
    private readonly CancellationTokenSource stopping = new();
    private readonly Func<string, bool> deviceExists;
    private Task? loop;
    private ModemSession? session;
    private int disposed;
    private volatile bool reinitializeRequested;

    /// <summary>Creates a supervisor; <paramref name="open"/> defaults to the serial transport.</summary>
    public ModemSupervisor(ModemSupervisorOptions options, Func<string, Stream>? open = null, Func<string, bool>? deviceExists = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.open = open ?? (device => SerialModemTransport.Open(device, options.Serial));
        this.deviceExists = deviceExists ?? DeviceExists;
        this.logger = logger ?? NullLogger.Instance;
        time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The modem's name.</summary>
    public string Name => options.Session.Name;

    /// <summary>Current state.</summary>
    public ModemState State { get; private set; } = ModemState.Connecting;

    /// <summary>The last error, in words (for the dashboard).</summary>
    public string? LastError { get; private set; }

    /// <summary>Identity from the last successful initialisation: the same modem whatever tty it came back on.</summary>
    public ModemIdentity? Identity { get; private set; }

    /// <summary>The live session while <see cref="State"/> is Online.</summary>
    public ModemSession? Session => State == ModemState.Online ? session : null;

    /// <summary>Events of every session in turn, plus state changes.</summary>
    public ChannelReader<ModemEvent> Events => events.Reader;

    /// <summary>Starts supervising in the background.</summary>
    public void Start() => loop ??= Task.Run(() => RunAsync(stopping.Token));

    /// <summary>Asks for a fresh connection and initialisation (a technician's "re-initialise"): the port is closed and opened again within a second.</summary>
    public void Reinitialize() => reinitializeRequested = true;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        events.Writer.TryComplete();
        stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            SetState(ModemState.Connecting, null);
            if (deviceExists(options.Device))
            {
                var stop = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
                if (stop)
                {
                    return;
                }

                if (Identity is not null && State == ModemState.Offline)
                {
                    attempt = 0; // it was online: come back quickly
                }
            }

            SetState(ModemState.Offline, LastError);
            var delay = TimeSpan.FromTicks(Math.Min(options.ReconnectMaximum.Ticks, options.ReconnectMinimum.Ticks << Math.Min(attempt++, 16)));
            await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250)), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private long resyncs;

    /// <summary>How many times the AT line was re-synchronised, over every connection (reengage_modem_resyncs_total).</summary>
    public long Resyncs => Interlocked.Read(ref resyncs);

    // Returns true when supervision must stop for good.
    private async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        ModemSession? current = null;
        Task? forward = null;
        try
        {
            var stream = open(options.Device);
            var channel = new AtChannel(stream, Name, logger, time);
            channel.Resynchronized += _ => Interlocked.Increment(ref resyncs);
            current = new ModemSession(channel, options.Session, logger, time);
            session = current;
            SetState(ModemState.Initializing, null);
            Identity = await current.InitializeAsync(cancellationToken).ConfigureAwait(false);
            LastError = null;
            SetState(ModemState.Online, null);
            forward = ForwardAsync(current, cancellationToken);
            await WatchAsync(current, cancellationToken).ConfigureAwait(false);
        }
        catch (SimNotReadyException ex) when (ex.State is "SIM PIN" or "SIM PUK" or "SIM PUK2" or "ERROR")
        {
            LastError = ex.Message;
            SetState(ModemState.Failed, ex.Message);
            SupervisorLog.Stopped(logger, Name, ex.Message);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever a dead or strange modem does, supervision goes on: log it and reconnect.
            LastError = ex.Message;
            SupervisorLog.Lost(logger, Name, ex.Message);
        }
        finally
        {
            session = null;
            if (current is not null)
            {
                // Disposing completes the session's event stream, which ends the forwarder.
                await current.DisposeAsync().ConfigureAwait(false);
            }

            if (forward is not null)
            {
                await forward.ConfigureAwait(false);
            }
        }

        return false;
    }

    private async Task WatchAsync(ModemSession current, CancellationToken cancellationToken)
    {
        // The device node is checked often (a stat, and on Linux a vanished modem does not fail the
        // serial read); the AT health poll runs on its own, longer interval.
        var presence = options.HealthInterval < options.PresenceInterval ? options.HealthInterval : options.PresenceInterval;
        var nextHealth = time.GetUtcNow() + options.HealthInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            var tick = Task.Delay(presence, time, cancellationToken);
            if (await Task.WhenAny(current.Completion, tick).ConfigureAwait(false) == current.Completion)
            {
                LastError = "the connection to the modem closed";
                return;
            }

            await tick.ConfigureAwait(false);
            if (reinitializeRequested)
            {
                reinitializeRequested = false;
                LastError = "re-initialised on request";
                return;
            }

            if (!deviceExists(options.Device))
            {
                LastError = $"{options.Device} disappeared (unplugged?)";
                return;
            }

            if (time.GetUtcNow() < nextHealth)
            {
                continue;
            }

            nextHealth = time.GetUtcNow() + options.HealthInterval;

            if (await current.PingAsync(options.LivenessTimeout, cancellationToken).ConfigureAwait(false))
            {
                await current.RefreshHealthAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            // Hung: re-initialise (which knocks with AT for a while); if that fails too, reset the USB device.
            SupervisorLog.Hung(logger, Name);
            try
            {
                await current.InitializeAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (Exception ex) when (ex is ModemTimeoutException or ModemCommandException)
            {
                LastError = $"the modem stopped answering: {ex.Message}";
            }

            if (options.UsbResetOnHang)
            {
                SupervisorLog.Reset(logger, Name, await UsbReset.TryResetAsync(options.Device, cancellationToken: cancellationToken).ConfigureAwait(false));
            }

            return;
        }
    }

    private async Task ForwardAsync(ModemSession current, CancellationToken cancellationToken)
    {
        try
        {
            while (await current.Events.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (current.Events.TryRead(out var item))
                {
                    events.Writer.TryWrite(item);
                }

                if (current.Completion.IsCompleted && !current.Events.TryPeek(out _))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void SetState(ModemState state, string? reason)
    {
        if (State == state)
        {
            return;
        }

        State = state;
        events.Writer.TryWrite(new ModemStateChanged(state, reason));
    }

    private static bool DeviceExists(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget is null ? info.Exists || Directory.Exists(path) || File.Exists(path) : info.ResolveLinkTarget(true) is { Exists: true };
        }
        catch (IOException)
        {
            return false;
        }
    }
}
