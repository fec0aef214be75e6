namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>
/// Reads +CREG / +CGREG / +CEREG / +C5GREG lines (27.007 §7.2, §10.1.20, §10.1.22, §10.1.59).
/// </summary>
/// <remarks>
/// The same line shape arrives two ways: the read command's answer starts with <c>&lt;n&gt;</c>
/// (<c>+CREG: 2,1,"5E25","605F"</c>), the URC does not (<c>+CREG: 1,"5E25","605F"</c>). The layout
/// cannot be chosen from <c>&lt;n&gt;</c> (Siemens and Sierra send location fields with n=0 or 1), nor
/// from whether the line was solicited (Sony Ericsson and Alcatel send the read layout unsolicited), nor
/// from the field count alone (4 fields is n,stat,lac,ci or stat,lac,ci,AcT). It is chosen from what the
/// second field is: a <c>&lt;stat&gt;</c> is a short unquoted integer, a <c>&lt;lac&gt;</c>/<c>&lt;tac&gt;</c> is a
/// string (quoted per 27.007, or hex of 4 digits when a modem leaves the quotes off).
/// </remarks>
public static class NetworkRegistrationParser
{
    private static readonly (string Prefix, RegistrationDomain Domain)[] Prefixes =
    [
        ("+C5GREG", RegistrationDomain.FiveG), ("+CEREG", RegistrationDomain.Eps),
        ("+CGREG", RegistrationDomain.Gprs), ("+CREG", RegistrationDomain.CircuitSwitched),
    ];

    /// <summary>The first registration line of the answer; absent when there is none (some modems answer a bare OK).</summary>
    public static ParseResult<NetworkRegistration> Parse(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            if (IsRegistrationLine(line))
            {
                return ParseLine(line);
            }
        }

        return ParseResult.Absent<NetworkRegistration>();
    }

    /// <summary>Frames a raw capture (see <see cref="AtReplyReader"/>) and reads its registration line, solicited or not.</summary>
    public static ParseResult<NetworkRegistration> Parse(string raw)
    {
        var reply = AtReplyReader.Read(raw, "AT+CREG?");
        var lines = reply.Lines.Concat(reply.Urcs.Select(u => u.Line)).ToList();
        return Parse(lines);
    }

    /// <summary>True when the line starts with one of the four registration prefixes.</summary>
    public static bool IsRegistrationLine(string line) => Match(line).Body is not null;

    /// <summary>Reads one registration line, in either layout.</summary>
    public static ParseResult<NetworkRegistration> ParseLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var (body, domain) = Match(line);
        if (body is null)
        {
            return ParseResult.Invalid<NetworkRegistration>("not a registration line");
        }

        var fields = AtFields.Split(body);
        if (fields is null)
        {
            return ParseResult.Invalid<NetworkRegistration>("a quote is not closed");
        }

        if (fields.Count == 0 || fields[0].Text.Length == 0)
        {
            return ParseResult.Invalid<NetworkRegistration>("no <stat>");
        }

        var hasN = StartsWithN(fields);
        int? n = null;
        if (hasN)
        {
            if (!fields[0].TryInt(out var value))
            {
                return ParseResult.Invalid<NetworkRegistration>($"<n> '{fields[0].Text}' is not a number");
            }

            n = value;
        }

        var statField = fields[hasN ? 1 : 0];
        if (statField.Quoted || !statField.TryInt(out var stat))
        {
            return ParseResult.Invalid<NetworkRegistration>($"<stat> '{statField.Text}' is not a number");
        }

        var location = fields.Skip(hasN ? 2 : 1).ToList();
        return ParseResult.Success<NetworkRegistration>(Location(domain, n, stat, location));
    }

    /// <summary>"+CREG" for <see cref="RegistrationDomain.CircuitSwitched"/>, and so on.</summary>
    public static string NameOf(RegistrationDomain domain) => Prefixes.First(p => p.Domain == domain).Prefix;

    private static (string? Body, RegistrationDomain Domain) Match(string line)
    {
        foreach (var (prefix, domain) in Prefixes)
        {
            if (AtFields.Body(line, prefix) is { } body)
            {
                return (body, domain);
            }
        }

        return (null, RegistrationDomain.CircuitSwitched);
    }

    private static bool StartsWithN(IReadOnlyList<AtField> fields)
    {
        if (fields.Count == 1)
        {
            return false; // URC with <stat> only
        }

        if (fields.Count == 2)
        {
            return true; // <n>,<stat>: no layout has <stat> with one location field
        }

        // A quoted or empty second field is a location string: <stat> is never quoted nor omitted.
        if (fields[1].Quoted || fields[1].Text.Length == 0)
        {
            return false;
        }

        // With quotes in use, the first quoted field is the LAC/TAC: its position gives the layout
        // ("002,0011,"0f0d","14c3"": a zero-padded <stat> of four digits, then the quoted LAC).
        for (var i = 2; i < fields.Count; i++)
        {
            if (fields[i].Quoted)
            {
                return i == 2;
            }
        }

        // Unquoted: a <stat> is a decimal number of at most three digits (001 seen); a LAC is hex,
        // normally four digits (27.007: "two byte location area code").
        if (!fields[1].TryInt(out _) || fields[1].Text.Length >= 4)
        {
            return false;
        }

        // Three fields with a short second one: stat,lac,ci (no read layout has exactly three fields
        // with a location, since <ci> always follows <lac>).
        return fields.Count >= 4;
    }

    private static NetworkRegistration Location(RegistrationDomain domain, int? n, int stat, List<AtField> rest)
    {
        string? Text(int i) => i < rest.Count ? rest[i].Text : null;
        int? Act(int i) => i < rest.Count && IsAccessTechnology(rest[i]) ? rest[i].Number : null;

        var area = Text(0);
        switch (domain)
        {
            case RegistrationDomain.Gprs:
                // 27.007 §10.1.20: <lac>,<ci>,<AcT>,<rac>[,<cause_type>,<reject_cause>].
                return new NetworkRegistration(domain, n, stat, area, Text(1), Act(2), rest.Count > 3 ? Text(3) : null);
            case RegistrationDomain.Eps or RegistrationDomain.FiveG when rest.Count >= 4 && !IsAccessTechnology(rest[2]) && IsAccessTechnology(rest[3]):
                // Novatel E362 (and others, per ModemManager) put an extra field between TAC and CI; the
                // field after CI is then not an <AcT> while the one after it is.
                return new NetworkRegistration(domain, n, stat, area, Text(2), Act(3), Text(1));
            case RegistrationDomain.FiveG:
                // 27.007 §10.1.59: <tac>,<ci>,<AcT>,<Allowed_NSSAI_length>,<Allowed_NSSAI>[,…].
                return new NetworkRegistration(domain, n, stat, area, Text(1), Act(2), null, rest.Count > 3 ? rest[3].Number : null, rest.Count > 4 ? Text(4) : null);
            default:
                // +CREG <lac>,<ci>,<AcT>[,<cause_type>,<reject_cause>]; +CEREG <tac>,<ci>,<AcT>[,…]. Anything
                // else a vendor appends (Samsung's " B, C2816") is ignored, and is no <AcT>.
                return new NetworkRegistration(domain, n, stat, area, Text(1), Act(2));
        }
    }

    // <AcT> values run 0..13 in current 27.007; allow up to 15 for what comes next. A CI is never this short
    // and unquoted in a position where an AcT could stand, except by a coincidence the Novatel rule accepts.
    private static bool IsAccessTechnology(AtField field) => !field.Quoted && field.TryInt(out var value) && value <= 15;
}
