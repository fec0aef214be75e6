namespace ReEngage.Gateway.Modem;

/// <summary>How a session talks to one modem.</summary>
public sealed record ModemSessionOptions
{
    /// <summary>The modem's name in logs and events.</summary>
    public string Name { get; init; } = "modem";

    /// <summary>SIM PIN, entered at most once per start; null when the SIM has none.</summary>
    public string? Pin { get; init; }

    /// <summary>A profile name to force ("generic", "sim800", "sim7600", "quectel", "huawei"); null to detect.</summary>
    public string? Profile { get; init; }

    /// <summary>Timeout of ordinary commands.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of AT+CPIN? (slow on some SIMs).</summary>
    public TimeSpan PinTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Time to wait for the "&gt; " prompt after AT+CMGS.</summary>
    public TimeSpan PromptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time to wait for +CMGS after the PDU (python-gsmmodem 35 s, smstools3 60 s).</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times "AT" is tried, every half second, before the modem is declared mute.</summary>
    public int WakeAttempts { get; init; } = 20;

    /// <summary>
    /// How long parts of a concatenated SMS are awaited before what arrived is handed over, flagged
    /// incomplete. Parts wait in the modem's storage meanwhile, so the wait survives a restart; a day
    /// covers a network that holds a part for hours (a phone off, a congested SMSC).
    /// </summary>
    public TimeSpan ReassemblyTimeout { get; init; } = TimeSpan.FromHours(24);
}
