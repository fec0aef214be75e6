namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>
/// Reads the free-text identification answers: AT+CGMM (27.007 §5.2), AT+CGMR (§5.3), ATI (V.250 §6.1.3),
/// AT+CSCS? (§5.5) and AT+CPIN? (§8.3). These have no fixed grammar, so the rule is to keep what was
/// sent, minus framing.
/// </summary>
public static class ModemInfoParser
{
    /// <summary>
    /// The model: the first information line with an optional "+CGMM:" prefix removed, ends trimmed,
    /// inner spaces kept (Gammu's phone table matches "MULTIBAND  900E  1800" as sent). Null when there is none.
    /// </summary>
    public static string? Model(IReadOnlyList<string> lines) => FirstValue(lines, "+CGMM");

    /// <summary>Every revision line, trimmed (a Nokia N950 answers five), the first one without a "+CGMR:" prefix.</summary>
    public static IReadOnlyList<string> Revision(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines.Select((l, i) => (i == 0 ? AtFields.Body(l, "+CGMR") ?? l : l).Trim().Trim('"')).Where(l => l.Length > 0).ToList();
    }

    /// <summary>
    /// "Label: value" lines from ATI/ATIn, label lower-cased and without a leading "+" ("+GCAP" → "gcap").
    /// The value is what follows the first colon; a Samsung CDMA "I: " marker before it is dropped. Lines
    /// without a colon are skipped. A repeated label keeps its first value.
    /// </summary>
    public static IReadOnlyDictionary<string, string> LabelledFields(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var label = line[..colon].Trim().TrimStart('+').ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (value.StartsWith("I:", StringComparison.Ordinal))
            {
                value = value[2..].TrimStart();
            }

            fields.TryAdd(label, value);
        }

        return fields;
    }

    /// <summary>The charset named by AT+CSCS? (<c>+CSCS: "GSM"</c>), as sent without quotes; null when absent.</summary>
    public static string? CharacterSet(IReadOnlyList<string> lines) => PrefixedValue(lines, "+CSCS");

    /// <summary>
    /// The AT+CPIN? code (<c>READY</c>, <c>SIM PIN</c>, <c>SIM PUK</c>, …), quotes removed; null when absent.
    /// Some phones end the answer without OK (Gammu's F_CPIN_NO_OK): the line alone is enough.
    /// </summary>
    public static string? PinCode(IReadOnlyList<string> lines) => PrefixedValue(lines, "+CPIN");

    private static string? PrefixedValue(IReadOnlyList<string> lines, string prefix)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            if (AtFields.Body(line, prefix) is { } body)
            {
                var value = body.Trim().Trim('"').Trim();
                return value.Length == 0 ? null : value;
            }
        }

        return null;
    }

    private static string? FirstValue(IReadOnlyList<string> lines, string prefix)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            var value = (AtFields.Body(line, prefix) ?? line).Trim().Trim('"').Trim();
            if (value.Length > 0)
            {
                return value;
            }
        }

        return null;
    }
}
