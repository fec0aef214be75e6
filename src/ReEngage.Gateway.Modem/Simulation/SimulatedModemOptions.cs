namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>Which real modem family the simulator imitates (answers, banners, noise, storage).</summary>
public enum SimulatedDialect
{
    /// <summary>A plain 3GPP TS 27.005/27.007 modem.</summary>
    Generic,

    /// <summary>SIMCom SIM800: RDY/Call Ready/SMS Ready banners, status reports only as +CDS (ds 0/1), no "SR" storage.</summary>
    Sim800,

    /// <summary>Quectel EC25: RDY, +QUSIM, +QIND banners.</summary>
    QuectelEc25,

    /// <summary>Huawei E173 stick firmware: ^RSSI/^BOOT noise, "COMMAND NOT SUPPORT", CR CR LF line ends, storage from index 0, no "SR".</summary>
    HuaweiE173,
}

/// <summary>Identity and behaviour of one simulated modem.</summary>
public sealed record SimulatedModemOptions
{
    /// <summary>Name for logs and tests.</summary>
    public string Name { get; init; } = "sim-a";

    /// <summary>
    /// How many commands the modem's <see cref="SimulatedModem.Commands"/> and <see cref="SimulatedModem.Transcript"/>
    /// keep: the latest ones. A simulated gateway runs for days (a demo, the load harness at 80 parts a second), and an
    /// unbounded record grew by megabytes an hour.
    /// </summary>
    public int RecordLimit { get; init; } = 50_000;

    /// <summary>The SIM's phone number on the simulated network.</summary>
    public string PhoneNumber { get; init; } = "+393330000001";

    /// <summary>Which modem family to imitate.</summary>
    public SimulatedDialect Dialect { get; init; } = SimulatedDialect.Generic;

    /// <summary>IMEI (AT+CGSN).</summary>
    public string Imei { get; init; } = "356938035643809";

    /// <summary>ICCID (AT+CCID).</summary>
    public string Iccid { get; init; } = "8939104520003462541";

    /// <summary>IMSI (AT+CIMI).</summary>
    public string Imsi { get; init; } = "222104520034625";

    /// <summary>SIM PIN; null when the SIM has none.</summary>
    public string? Pin { get; init; }

    /// <summary>False simulates an empty SIM tray (+CME ERROR: 10).</summary>
    public bool SimInserted { get; init; } = true;

    /// <summary>Operator name (AT+COPS?).</summary>
    public string Operator { get; init; } = "ReEngage Sim";

    /// <summary>AT+CSQ rssi: 0–31, 99 unknown.</summary>
    public int Rssi { get; init; } = 20;

    /// <summary>Registration status (1 home, 5 roaming, 2 searching, 3 denied, 0 not searching).</summary>
    public int Registration { get; init; } = 1;

    /// <summary>Inbound SMS storage size ("SM").</summary>
    public int StorageCapacity { get; init; } = 30;

    /// <summary>
    /// Status-report memory ("SR") size. Real ones are small (10–30 slots); the network holds back
    /// what does not fit and delivers it as room is freed, with no new indication.
    /// </summary>
    public int ReportStorageCapacity { get; init; } = 20;

    /// <summary>
    /// How long one submit takes, from <c>AT+CMGS=</c> to its <c>+CMGS</c> answer — a real modem's time per part
    /// (the prompt, the PDU, the network's acceptance), so a host that answers the prompt at once sees exactly
    /// this per part and its own time between parts shows as the only difference.
    /// </summary>
    public TimeSpan SendDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>First TP-MR the modem assigns.</summary>
    public int FirstMessageReference { get; init; }

    /// <summary>SMSC the SIM is configured with (AT+CSCA?).</summary>
    public string ServiceCentre { get; init; } = "+393359609600";

    /// <summary>
    /// With AT+CSMS=1, how long a routed +CDS / +CMT waits for AT+CNMA before the modem gives up:
    /// it switches routing off (CNMI mt and ds to 0) and the network retries (27.005 §3.4.4, 24.011 TR2M).
    /// </summary>
    public TimeSpan AcknowledgementTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// What the network charges to set up a relay link for a submission (RR/MM connection and RP
    /// set-up): paid by the first part of a burst, and by every part unless AT+CMMS keeps the link open.
    /// </summary>
    public TimeSpan RelayLinkSetup { get; init; } = TimeSpan.Zero;

    /// <summary>How long a link kept by AT+CMMS stays open after a submission (27.005: 1–5 s).</summary>
    public TimeSpan RelayLinkHold { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>USSD balance answer (AT+CUSD).</summary>
    public string BalanceText { get; init; } = "Credito residuo: 12,34 EUR";
}
