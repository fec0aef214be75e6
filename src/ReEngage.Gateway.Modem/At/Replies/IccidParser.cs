namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>
/// Normalises the ICCID that AT+CCID, AT+ICCID, AT^ICCID or AT+QCCID answer into reading order (ITU-T
/// E.118): modems print it as stored in EF_ICCID (51.011 §10.1.1, BCD with swapped nibbles and an F pad)
/// or already swapped back, quoted or not.
/// </summary>
public static class IccidParser
{
    private static readonly string[] Prefixes = ["+CCID", "+ICCID", "^ICCID", "+QCCID", "^SCID", "+CICCID"];

    /// <summary>Reads the first line holding an ICCID (with or without a known prefix).</summary>
    public static ParseResult<string> Parse(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            var field = Prefixes.Select(p => AtFields.Body(line, p)).FirstOrDefault(b => b is not null) ?? line;
            if (field.Trim().Length > 0)
            {
                return Normalize(field);
            }
        }

        return ParseResult.Absent<string>();
    }

    /// <summary>
    /// The ICCID in reading order. An ICCID starts with the telecom MII 89 (E.118), so a field starting
    /// "98" is nibble-swapped and is swapped back; a trailing F pad is dropped; other hex digits inside
    /// the account part are kept (China Mobile issues "898602F9…"). Rejected: characters that are not hex,
    /// a result not 19 or 20 digits long, or an MII other than 89 — the checks ModemManager applies.
    /// </summary>
    public static ParseResult<string> Normalize(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var text = field.Trim().Trim('"').Trim();
        if (!TeText.IsHex(text))
        {
            return ParseResult.Invalid<string>("an ICCID holds hex digits only");
        }

        if (text.StartsWith("98", StringComparison.Ordinal))
        {
            if (text.Length % 2 != 0)
            {
                return ParseResult.Invalid<string>("a swapped ICCID has whole octets");
            }

            var swapped = new char[text.Length];
            for (var i = 0; i < text.Length; i += 2)
            {
                swapped[i] = text[i + 1];
                swapped[i + 1] = text[i];
            }

            text = new string(swapped);
        }

        text = text.ToUpperInvariant();
        if (text.EndsWith('F'))
        {
            text = text[..^1];
        }

        if (text.Length is not (19 or 20))
        {
            return ParseResult.Invalid<string>($"an ICCID has 19 or 20 digits, not {text.Length}");
        }

        return text.StartsWith("89", StringComparison.Ordinal)
            ? ParseResult.Success<string>(text)
            : ParseResult.Invalid<string>("an ICCID starts with the telecom MII 89");
    }
}
