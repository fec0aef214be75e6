using ReEngage.Gateway.Modem;
using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Modem.Simulation;

namespace ReEngage.Gateway.Core.Modems;

/// <summary>
/// One modem as the gateway runs it — the façade the dispatcher and the host talk to: whether it can send,
/// its state and figures, the operator's actions (pause, resume, re-initialise), and the few modem
/// operations the product exposes (send a part, AT console, USSD, probe). The supervisor behind it owns the
/// device and is nobody else's business.
/// </summary>
public sealed class ModemHandle(string name, string device, ModemOptions limits, ModemSupervisor supervisor, SimulatedModem? simulated)
{
    private readonly Lock gate = new();
    private readonly Queue<ModemLogEntry> log = new();
    private readonly Queue<SignalSample> signal = new();
    private double? secondsPerPart;
    private ModemSuspension? suspension;

    public string Name { get; } = name;

    /// <summary>How many times the modem's AT line was re-synchronised (timeouts, answers out of step).</summary>
    public long Resyncs => Supervisor.Resyncs;

    public string Device { get; } = device;

    public ModemOptions Limits { get; } = limits;

    /// <summary>The simulated modem behind it, in simulation mode.</summary>
    public SimulatedModem? Simulated { get; } = simulated;

    internal ModemSupervisor Supervisor { get; } = supervisor;

    /// <summary>Raised when anything an operator sees changed (state, suspension, pause).</summary>
    public event Action<ModemHandle>? Changed;

    /// <summary>Paused by an operator: nothing is sent through it.</summary>
    public bool Paused { get; private set; }

    /// <summary>Why it is suspended and when it is probed next; null while it may send.</summary>
    public ModemSuspension? Suspension
    {
        get
        {
            lock (gate)
            {
                return suspension;
            }
        }
    }

    public DateTimeOffset? LastSuccessAt { get; private set; }

    public string? LastSendError { get; set; }

    /// <summary>Its recent submits, for the pacing rules (kept by <see cref="RecordSuccess"/>).</summary>
    public SubmitPace Pace { get; } = new();

    /// <summary>Moving average of the time one part takes on this modem.</summary>
    public double? SecondsPerPart
    {
        get
        {
            lock (gate)
            {
                return secondsPerPart;
            }
        }
    }

    /// <summary>Online, not paused, not suspended.</summary>
    public bool CanSend => !Paused && Suspension is null && Supervisor.Session is not null;

    /// <summary>Whether the device answers at all (online), whatever the operator or the suspension say.</summary>
    public bool IsOnline => Supervisor.Session is not null;

    /// <summary>"paused", "suspended", or the supervisor's state ("online", "connecting", "initializing", …).</summary>
    public string State => Paused ? "paused" : Suspension is not null ? "suspended" : Supervisor.State.ToString().ToLowerInvariant();

    public ModemHealth? Health => Supervisor.Session?.Health;

    public ModemIdentity? Identity => Supervisor.Identity;

    /// <summary>What a technician should read first: the suspension, the last send error, or the device's.</summary>
    public string? LastError => Suspension?.Reason ?? LastSendError ?? Supervisor.LastError;

    /// <summary>The last events of this modem (init, errors, reconnects), newest last, for the technician's log.</summary>
    public IReadOnlyList<ModemLogEntry> RecentEvents
    {
        get
        {
            lock (gate)
            {
                return [.. log];
            }
        }
    }

    /// <summary>Signal readings for the dBm history chart, oldest first.</summary>
    public IReadOnlyList<SignalSample> SignalHistory
    {
        get
        {
            lock (gate)
            {
                return [.. signal];
            }
        }
    }

    public void Pause()
    {
        Paused = true;
        Changed?.Invoke(this);
    }

    /// <summary>Back into rotation; an operator's resume also lifts a suspension (they fixed the SIM).</summary>
    public void Resume(DateTimeOffset now)
    {
        Paused = false;
        Lift(now, "resumed by an operator");
    }

    /// <summary>Closes and re-opens the port and runs the initialisation again; lifts a suspension.</summary>
    public void Reinitialize(DateTimeOffset now)
    {
        Supervisor.Reinitialize();
        Lift(now, "re-initialised by an operator");
    }

    /// <summary>Takes it out of rotation after it answered that it cannot send at all; probed again with back-off.</summary>
    public void Suspend(string reason, DateTimeOffset now)
    {
        lock (gate)
        {
            var probes = suspension?.Probes ?? 0;
            suspension = new ModemSuspension(reason, suspension?.Since ?? now, now + Messaging.Policies.SuspensionPolicy.NextProbeAfter(probes), probes);
        }

        Record(new ModemLogEntry(now, "suspended", $"{reason}; next check {suspension!.NextProbeAt:u}"));
        Changed?.Invoke(this);
    }

    /// <summary>A probe found it still unable to send: the next one waits longer.</summary>
    public void ProbeFailed(string reason, DateTimeOffset now)
    {
        ModemSuspension next;
        lock (gate)
        {
            if (suspension is not { } current)
            {
                return;
            }

            next = current with { Probes = current.Probes + 1, NextProbeAt = now + Messaging.Policies.SuspensionPolicy.NextProbeAfter(current.Probes + 1), LastProbe = reason };
            suspension = next;
        }

        Record(new ModemLogEntry(now, "probe", $"still cannot send: {reason}; next check {next.NextProbeAt:u}"));
        Changed?.Invoke(this);
    }

    /// <summary>Lifts the suspension (a probe or an operator found it able to send).</summary>
    public void Lift(DateTimeOffset now, string why)
    {
        bool was;
        lock (gate)
        {
            was = suspension is not null;
            suspension = null;
        }

        if (was)
        {
            Record(new ModemLogEntry(now, "resumed", why));
        }

        Changed?.Invoke(this);
    }

    /// <summary>Sends one part.</summary>
    /// <exception cref="ModemSendException">Not confirmed: refused, timed out, or the modem is not online.</exception>
    public Task<int> SendPartAsync(string pdu, int tpduLength, int sequence, CancellationToken cancellationToken) =>
        Supervisor.Session is { } session
            ? session.SendPartAsync(pdu, tpduLength, sequence, cancellationToken)
            : throw new ModemSendException([], sequence, new ModemDisconnectedException($"{Name} is {Supervisor.State.ToString().ToLowerInvariant()}."));

    /// <summary>Runs one AT command for the technician's console.</summary>
    /// <exception cref="ModemOfflineException">The modem is not online.</exception>
    public Task<AtResponse> ExecuteAtAsync(string command, TimeSpan timeout, CancellationToken cancellationToken) =>
        Online().ExecuteRawAsync(command, timeout, cancellationToken);

    /// <summary>Runs a USSD code (a balance check) and returns the network's answer.</summary>
    /// <exception cref="ModemOfflineException">The modem is not online.</exception>
    public Task<string> QueryUssdAsync(string code, TimeSpan timeout, CancellationToken cancellationToken) =>
        Online().QueryUssdAsync(code, timeout, cancellationToken);

    /// <summary>Reads signal and registration now instead of at the next health poll (nothing when offline).</summary>
    public async Task RefreshHealthAsync(CancellationToken cancellationToken)
    {
        if (Supervisor.Session is { } session)
        {
            await session.RefreshHealthAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether it looks able to send again (SIM ready, service centre set); sends nothing.</summary>
    public Task<(bool CanSend, string Reason)> ProbeAsync(CancellationToken cancellationToken) =>
        Supervisor.Session is { } session ? session.ProbeSendingAsync(cancellationToken) : Task.FromResult((false, $"{Supervisor.State.ToString().ToLowerInvariant()}"));

    public void RecordSuccess(DateTimeOffset at, TimeSpan took)
    {
        lock (gate)
        {
            LastSuccessAt = at;
            LastSendError = null;
            secondsPerPart = secondsPerPart is { } average ? (0.8 * average) + (0.2 * took.TotalSeconds) : took.TotalSeconds;
        }

        Pace.Record(at);
    }

    public void Record(ModemLogEntry entry)
    {
        lock (gate)
        {
            log.Enqueue(entry);
            while (log.Count > 100)
            {
                log.Dequeue();
            }
        }
    }

    public void RecordSignal(SignalSample sample)
    {
        lock (gate)
        {
            signal.Enqueue(sample);
            while (signal.Count > 240)
            {
                signal.Dequeue();
            }
        }
    }

    private ModemSession Online() =>
        Supervisor.Session ?? throw new ModemOfflineException($"{Name} is {Supervisor.State.ToString().ToLowerInvariant()}: {Supervisor.LastError}");
}

/// <summary>Why a modem is out of rotation and when it is looked at again.</summary>
public sealed record ModemSuspension(string Reason, DateTimeOffset Since, DateTimeOffset NextProbeAt, int Probes, string? LastProbe = null);

/// <summary>One line of a modem's event log.</summary>
public sealed record ModemLogEntry(DateTimeOffset At, string Kind, string Text);

/// <summary>A signal reading.</summary>
public sealed record SignalSample(DateTimeOffset At, int? Dbm);

/// <summary>The modem is not online, so the operation could not run.</summary>
public sealed class ModemOfflineException(string message) : InvalidOperationException(message);
