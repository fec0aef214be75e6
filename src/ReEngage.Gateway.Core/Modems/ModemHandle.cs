using ReEngage.Gateway.Modem;
using ReEngage.Gateway.Modem.Simulation;

namespace ReEngage.Gateway.Core.Modems;

/// <summary>One modem as the gateway runs it: its supervisor, limits and live figures.</summary>
public sealed class ModemHandle(string name, string device, ModemOptions limits, ModemSupervisor supervisor, SimulatedModem? simulated)
{
    private readonly Lock gate = new();
    private double? secondsPerPart;

    public string Name { get; } = name;

    public string Device { get; } = device;

    public ModemOptions Limits { get; } = limits;

    public ModemSupervisor Supervisor { get; } = supervisor;

    /// <summary>The simulated modem behind it, in simulation mode.</summary>
    public SimulatedModem? Simulated { get; } = simulated;

    /// <summary>Paused by an operator: nothing is sent through it.</summary>
    public bool Paused { get; set; }

    /// <summary>Set when the modem answered that it cannot send at all (no SMSC, SIM problem): needs an operator.</summary>
    public string? Suspended { get; set; }

    public DateTimeOffset? LastSuccessAt { get; private set; }

    public string? LastSendError { get; set; }

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

    /// <summary>The session when the modem can send now.</summary>
    public ModemSession? ReadySession => Paused || Suspended is not null ? null : Supervisor.Session;

    public void RecordSuccess(DateTimeOffset at, TimeSpan took)
    {
        lock (gate)
        {
            LastSuccessAt = at;
            LastSendError = null;
            secondsPerPart = secondsPerPart is { } average ? (0.8 * average) + (0.2 * took.TotalSeconds) : took.TotalSeconds;
        }
    }

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

    private readonly Queue<ModemLogEntry> log = new();
    private readonly Queue<SignalSample> signal = new();
}

/// <summary>One line of a modem's event log.</summary>
public sealed record ModemLogEntry(DateTimeOffset At, string Kind, string Text);

/// <summary>A signal reading.</summary>
public sealed record SignalSample(DateTimeOffset At, int? Dbm);
