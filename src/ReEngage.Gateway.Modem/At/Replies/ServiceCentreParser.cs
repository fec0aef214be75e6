namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>The SMSC address from AT+CSCA? (27.005 §3.3.1): <c>+CSCA: &lt;sca&gt;,&lt;tosca&gt;</c>.</summary>
/// <param name="Address">The address decoded, with "+" added for type 145 (international, 24.008 §10.5.4.7) if the modem left it off; "" when none is configured.</param>
/// <param name="Type">&lt;tosca&gt;, or null when absent.</param>
/// <param name="Raw">The &lt;sca&gt; field as sent, quotes removed.</param>
public sealed record ServiceCentre(string Address, int? Type, string Raw)
{
    /// <summary>True when an SMSC is configured (an empty one means every PDU must carry it, MODEMS.md step 10).</summary>
    public bool IsConfigured => Address.Length > 0;
}

/// <summary>Reads AT+CSCA?.</summary>
public static class ServiceCentreParser
{
    /// <summary>
    /// Reads the first +CSCA: line. 27.005 says &lt;sca&gt; is a string in the TE charset, so in UCS2 mode it
    /// is hex ("002B0039…" = "+9…"). Modems are not consistent: some answer plain digits in UCS2 mode and
    /// Motorola answers UCS2 hex in HEX mode (Gammu bug #712). The hex reading is therefore taken only
    /// when it decodes to dialling characters (digits, +, *, #), which plain digits of the wrong length
    /// or with a "+" never do.
    /// </summary>
    public static ParseResult<ServiceCentre> Parse(IReadOnlyList<string> lines, TeCharset charset = TeCharset.Unknown)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            if (AtFields.Body(line, "+CSCA") is not { } body)
            {
                continue;
            }

            var fields = AtFields.Split(body);
            if (fields is null || fields.Count == 0)
            {
                return ParseResult.Invalid<ServiceCentre>("a quote is not closed");
            }

            var raw = fields[0].Text;
            int? type = fields.Count > 1 ? fields[1].Number : null;
            var address = charset is TeCharset.Gsm or TeCharset.Ira ? raw : DecodeUcs2Address(raw);
            if (type == 145 && address.Length > 0 && !address.StartsWith('+'))
            {
                address = "+" + address;
            }

            return ParseResult.Success<ServiceCentre>(new ServiceCentre(address, type, raw));
        }

        return ParseResult.Absent<ServiceCentre>();
    }

    /// <summary>Frames a raw capture and reads it.</summary>
    public static ParseResult<ServiceCentre> Parse(string raw, TeCharset charset = TeCharset.Unknown) =>
        Parse(AtReplyReader.Read(raw, "AT+CSCA?").Lines, charset);

    /// <summary>The UCS2-hex reading of an address when it is one (every character a dialling character), else the text.</summary>
    public static string DecodeUcs2Address(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return TeText.TryDecodeUcs2Hex(raw, out var decoded) && decoded.All(c => char.IsAsciiDigit(c) || c is '+' or '*' or '#')
            ? decoded
            : raw;
    }
}
