using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem;

/// <summary>Who the modem and its SIM are. A modem is known by IMEI and its SIM by ICCID, never by tty name.</summary>
public sealed record ModemIdentity(string? Manufacturer, string? Model, string? Revision, string? Imei, string? Imsi, string? Iccid, string? ServiceCentre);

/// <summary>Network registration (+CREG/+CGREG/+CEREG stat).</summary>
public enum RegistrationState
{
    NotSearching = 0,
    Home = 1,
    Searching = 2,
    Denied = 3,
    Unknown = 4,
    Roaming = 5,
}

/// <summary>A health snapshot.</summary>
/// <param name="Rssi">AT+CSQ rssi (0–31), null when unknown (99).</param>
/// <param name="Registration">Registration state.</param>
/// <param name="Operator">Operator name from AT+COPS?.</param>
/// <param name="At">When it was taken.</param>
public sealed record ModemHealth(int? Rssi, RegistrationState Registration, string? Operator, DateTimeOffset At)
{
    /// <summary>Signal in dBm (−113 + 2·rssi), null when unknown.</summary>
    public int? SignalDbm => Rssi is { } r ? -113 + (2 * r) : null;

    /// <summary>0–4 bars, as a phone shows them.</summary>
    public int SignalBars => SignalDbm switch
    {
        null => 0,
        >= -75 => 4,
        >= -85 => 3,
        >= -95 => 2,
        >= -105 => 1,
        _ => 0,
    };

    /// <summary>True when the SIM can send: registered at home or roaming.</summary>
    public bool IsRegistered => Registration is RegistrationState.Home or RegistrationState.Roaming;
}

/// <summary>Something the modem reported.</summary>
public abstract record ModemEvent;

/// <summary>An inbound SMS, whole. Acknowledge it once it is stored: only then is the modem's copy deleted.</summary>
public sealed record InboundSmsReceived(ReassembledSms Message, Func<CancellationToken, Task> Acknowledge) : ModemEvent;

/// <summary>
/// A delivery report. Acknowledge it once it is saved — never before: only then is it acknowledged to
/// the modem (AT+CNMA for a routed +CDS) or deleted from its storage. One never acknowledged stays
/// in the modem or comes back from the network, so a gateway that dies before saving it loses nothing.
/// </summary>
/// <param name="Report">The decoded report.</param>
/// <param name="Acknowledge">Tells the modem the report is saved; null when there is nothing to tell it.</param>
public sealed record StatusReportReceived(SmsStatusReport Report, Func<CancellationToken, Task>? Acknowledge = null) : ModemEvent
{
    /// <summary>Acknowledges the report (see <see cref="Acknowledge"/>); does nothing when there is nothing to acknowledge.</summary>
    public Task AcknowledgeAsync(CancellationToken cancellationToken = default) => Acknowledge?.Invoke(cancellationToken) ?? Task.CompletedTask;
}

/// <summary>Signal, registration or operator changed.</summary>
public sealed record HealthChanged(ModemHealth Health) : ModemEvent;

/// <summary>The modem restarted on its own (RDY): the session re-initialised it.</summary>
public sealed record ModemRestarted(string Banner) : ModemEvent;

/// <summary>A PDU the modem handed over that cannot be decoded; kept in the modem's storage, never dropped silently.</summary>
public sealed record UndecodablePdu(string Pdu, string Reason, int? StorageIndex) : ModemEvent;

/// <summary>Result of a send: each part's TP-MR, in order.</summary>
public sealed record SendResult(IReadOnlyList<int> MessageReferences);

/// <summary>A send that stopped part-way: the parts before the failure were submitted.</summary>
public sealed class ModemSendException(IReadOnlyList<int> submitted, int failedPart, Exception inner)
    : Exception($"Part {failedPart} failed after {submitted.Count} part(s) were submitted: {inner.Message}", inner)
{
    /// <summary>TP-MRs of the parts that went out before the failure.</summary>
    public IReadOnlyList<int> SubmittedReferences { get; } = submitted;

    /// <summary>The 1-based part that failed.</summary>
    public int FailedPart { get; } = failedPart;

    /// <summary>The classification when the modem answered with an error; null for a timeout or disconnect.</summary>
    public ModemError? Error => (InnerException as ModemCommandException)?.Error;

    /// <summary>True when the failed part may have gone out (timeout after the PDU was written).</summary>
    public bool OutcomeUnknown => InnerException is ModemTimeoutException { OutcomeUnknown: true };
}
