namespace ReEngage.Gateway.Modem;

/// <summary>The quirks of a modem family (MODEMS.md), picked from AT+CGMI / AT+CGMM or named in configuration.</summary>
/// <param name="Name">Profile name, as used in configuration.</param>
/// <param name="IndicationSettings">AT+CNMI settings to try in order: the first the modem accepts wins.</param>
/// <param name="IccidCommands">Commands that answer the ICCID, tried in order.</param>
/// <param name="InitCommands">Extra commands for this family (errors ignored).</param>
public sealed record ModemProfile(string Name, IReadOnlyList<string> IndicationSettings, IReadOnlyList<string> IccidCommands, IReadOnlyList<string> InitCommands)
{
    /// <summary>
    /// Use AT+CSMS=1 and acknowledge every routed +CDS / +CMT with AT+CNMA once it is saved: an
    /// unacknowledged one is kept by the modem or retried by the network instead of being lost with
    /// a gateway that died before saving it (27.005 §3.2.1, §3.4.4). Off where the modem's
    /// acknowledgement does not work and stored reports (+CDSI) do.
    /// </summary>
    public bool AcknowledgeRouted { get; init; } = true;

    /// <summary>
    /// Memories besides "SM" where the modem files status reports (read at start, after every
    /// re-initialisation and when routing was switched off). "SM" itself is swept with the inbox.
    /// </summary>
    public IReadOnlyList<string> ReportMemories { get; init; } = ["SR"];

    /// <summary>AT+CMMS=1 before the parts of a concatenated message: the relay link stays open between them.</summary>
    public bool KeepLinkBetweenParts { get; init; }

    /// <summary>Any 27.005/27.007 modem: reports as +CDS first, stored +CDSI next, none last.</summary>
    public static ModemProfile Generic { get; } = new("generic", ["2,1,0,1,0", "2,1,0,2,0", "2,1,0,0,0", "1,1,0,0,0"], ["AT+CCID", "AT+ICCID", "AT^ICCID?", "AT+QCCID"], []) { KeepLinkBetweenParts = true };

    /// <summary>SIMCom SIM800/SIM900: ds 0/1 only, no "SR" memory (reports are routed, acknowledged with CNMA); slow sends.</summary>
    public static ModemProfile Sim800 { get; } = new("sim800", ["2,1,0,1,0", "2,1,0,0,0"], ["AT+CCID", "AT+ICCID"], []) { ReportMemories = [], KeepLinkBetweenParts = true };

    /// <summary>SIMCom SIM7600.</summary>
    public static ModemProfile Sim7600 { get; } = new("sim7600", ["2,1,0,1,0", "2,1,0,2,0", "2,1,0,0,0"], ["AT+CICCID", "AT+CCID"], []) { KeepLinkBetweenParts = true };

    /// <summary>
    /// Quectel EC25/EG25: with ds=2 it announces +CDSI "SM" while storing in "SR" and reports are lost,
    /// so ds=1 with CNMA; "SR" is still swept, which also finds what that firmware misfiled.
    /// </summary>
    public static ModemProfile QuectelEc25 { get; } = new("quectel", ["2,1,0,1,0", "2,1,0,0,0"], ["AT+QCCID", "AT+CCID"], []) { KeepLinkBetweenParts = true };

    /// <summary>
    /// Huawei sticks in serial mode: silence ^RSSI/^MODE/^BOOT noise. No "SR" memory and no dependable
    /// CNMA in PDU mode, so reports are stored (ds=2, +CDSI into "SM") and swept with the inbox.
    /// </summary>
    public static ModemProfile Huawei { get; } = new("huawei", ["2,1,0,2,0", "2,1,0,1,0", "2,1,0,0,0"], ["AT^ICCID?", "AT+CCID"], ["AT^CURC=0"])
    {
        AcknowledgeRouted = false,
        ReportMemories = [],
    };

    /// <summary>Every profile, by name.</summary>
    public static IReadOnlyList<ModemProfile> All { get; } = [Generic, Sim800, Sim7600, QuectelEc25, Huawei];

    /// <summary>The profile for a manufacturer and model as the modem reports them.</summary>
    public static ModemProfile Detect(string? manufacturer, string? model)
    {
        var maker = (manufacturer ?? string.Empty).ToUpperInvariant();
        var kind = (model ?? string.Empty).ToUpperInvariant();
        if (maker.Contains("SIMCOM", StringComparison.Ordinal))
        {
            return kind.Contains("SIM7", StringComparison.Ordinal) ? Sim7600 : Sim800;
        }

        if (maker.Contains("QUECTEL", StringComparison.Ordinal))
        {
            return QuectelEc25;
        }

        return maker.Contains("HUAWEI", StringComparison.Ordinal) ? Huawei : Generic;
    }

    /// <summary>The profile with this name (case-insensitive), or null.</summary>
    public static ModemProfile? Find(string? name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
