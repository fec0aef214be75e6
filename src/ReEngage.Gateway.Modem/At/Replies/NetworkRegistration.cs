namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>Which registration a +CREG-family line reports.</summary>
public enum RegistrationDomain
{
    /// <summary>+CREG: circuit-switched (27.007 §7.2), the one SMS over the CS domain needs.</summary>
    CircuitSwitched,

    /// <summary>+CGREG: GPRS packet-switched (27.007 §10.1.20).</summary>
    Gprs,

    /// <summary>+CEREG: EPS / LTE (27.007 §10.1.22).</summary>
    Eps,

    /// <summary>+C5GREG: 5GS (27.007 §10.1.59).</summary>
    FiveG,
}

/// <summary>
/// A registration state read from a +CREG, +CGREG, +CEREG or +C5GREG line, solicited (read command,
/// <c>&lt;n&gt;</c> first) or unsolicited. Location strings are kept as sent (hex, case kept, quotes and
/// surrounding spaces removed; "" for an empty field) because they are identifiers, not numbers to reformat.
/// </summary>
/// <param name="Domain">Which command the line answers.</param>
/// <param name="N">The &lt;n&gt; setting when the line is in the read-command layout; null for the URC layout.</param>
/// <param name="Stat">&lt;stat&gt;: 0 not searching, 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming, 6/7 SMS only (home/roaming), 8 emergency only, 9/10 CSFB not preferred (home/roaming), 11 RLOS.</param>
/// <param name="AreaCode">&lt;lac&gt; (+CREG, +CGREG) or &lt;tac&gt; (+CEREG, +C5GREG), or null when absent.</param>
/// <param name="CellId">&lt;ci&gt;, or null when absent.</param>
/// <param name="AccessTechnology">&lt;AcT&gt; (0 GSM, 2 UTRAN, 3 EGPRS, 7 E-UTRAN, 11 NR 5GCN, 12 NG-RAN, …), or null.</param>
/// <param name="RoutingArea">+CGREG &lt;rac&gt;, or the Novatel extra field between TAC and CI in +CEREG.</param>
/// <param name="AllowedNssaiLength">+C5GREG &lt;Allowed_NSSAI_length&gt;.</param>
/// <param name="AllowedNssai">+C5GREG &lt;Allowed_NSSAI&gt; as sent.</param>
public sealed record NetworkRegistration(
    RegistrationDomain Domain,
    int? N,
    int Stat,
    string? AreaCode,
    string? CellId,
    int? AccessTechnology,
    string? RoutingArea = null,
    int? AllowedNssaiLength = null,
    string? AllowedNssai = null)
{
    /// <summary>
    /// Registered in a way that lets SMS through: home (1), roaming (5), SMS only (6, 7) and CSFB not
    /// preferred (9, 10). Emergency-only (8) and RLOS (11) attachments are not registrations.
    /// </summary>
    public bool IsRegistered => Stat is 1 or 5 or 6 or 7 or 9 or 10;

    /// <summary>The URC name: "+CREG", "+CGREG", "+CEREG" or "+C5GREG".</summary>
    public string Name => NetworkRegistrationParser.NameOf(Domain);
}
