namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>Reads the AT+CMGR answer in PDU mode (27.005 §3.4.3, AT+CMGF=0) or text mode (AT+CMGF=1).</summary>
public static class MessageReadParser
{
    /// <summary>
    /// PDU mode: <c>+CMGR: &lt;stat&gt;,[&lt;alpha&gt;],&lt;length&gt;</c> then the PDU on the next line (or, on some
    /// modems, after a space on the same line). Absent when there is no +CMGR: line (an empty slot answers OK).
    /// </summary>
    public static ParseResult<StoredPdu> ParsePdu(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        for (var i = 0; i < lines.Count; i++)
        {
            if (AtFields.Body(lines[i], "+CMGR") is not { } body)
            {
                continue;
            }

            var header = StoredPduHeader.Read(body, withIndex: false);
            if (header.Error is not null)
            {
                return ParseResult.Invalid<StoredPdu>($"+CMGR header '{body}': {header.Error}");
            }

            var pdu = header.InlinePdu ?? (i + 1 < lines.Count ? StoredPduHeader.CleanPdu(lines[i + 1]) : null);
            return pdu is null or { Length: 0 }
                ? ParseResult.Invalid<StoredPdu>("+CMGR header without a PDU line")
                : ParseResult.Success<StoredPdu>(new StoredPdu(header.Index, header.Stat, header.Alpha, header.Length, pdu));
        }

        return ParseResult.Absent<StoredPdu>();
    }

    /// <summary>Frames a raw capture and reads a PDU-mode answer.</summary>
    public static ParseResult<StoredPdu> ParsePdu(string raw) => ParsePdu(AtReplyReader.Read(raw, "AT+CMGR=0").Lines);

    /// <summary>
    /// Text mode. The header's field count tells its layout (the AT+CSDH setting need not be known): a
    /// received message has 3 fields without &lt;alpha&gt; (Motorola), 4 with it, 10 or 11 with AT+CSDH=1; a
    /// stored outgoing one 2 or 3, or 10 or 11. The text is every following line up to the final result
    /// (it may span lines and a line may start with "."; Gammu bug #995).
    /// </summary>
    public static ParseResult<StoredTextMessage> ParseText(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        for (var i = 0; i < lines.Count; i++)
        {
            if (AtFields.Body(lines[i], "+CMGR") is not { } body)
            {
                continue;
            }

            var fields = AtFields.Split(body)?.ToList();
            if (fields is null || fields.Count < 2 || !fields[0].Quoted)
            {
                return ParseResult.Invalid<StoredTextMessage>("not a text-mode SMS header (no quoted <stat>)");
            }

            var text = string.Join('\n', lines.Skip(i + 1));
            var stat = fields[0].Text;
            return stat.StartsWith("STO", StringComparison.OrdinalIgnoreCase) ? Submit(fields, text) : Deliver(fields, text);
        }

        return ParseResult.Absent<StoredTextMessage>();
    }

    /// <summary>Frames a raw capture and reads a text-mode answer.</summary>
    public static ParseResult<StoredTextMessage> ParseText(string raw) => ParseText(AtReplyReader.Read(raw, "AT+CMGR=0").Lines);

    private static ParseResult<StoredTextMessage> Deliver(List<AtField> f, string text)
    {
        // Without <alpha> the fields are one fewer; put an absent alpha in its place so indexes line up.
        var hasAlpha = f.Count is 4 or 11;
        if (!hasAlpha && f.Count is not (3 or 10))
        {
            return ParseResult.Invalid<StoredTextMessage>($"received-message header with {f.Count} fields");
        }

        string? alpha = hasAlpha ? f[2].Text : null;
        var d = hasAlpha ? 0 : -1;
        var detail = f.Count >= 10;
        return ParseResult.Success<StoredTextMessage>(new StoredTextMessage(
            f[0].Text, false, f[1].Text, alpha, f[3 + d].Text,
            detail ? f[4 + d].Number : null, detail ? f[5 + d].Number : null, detail ? f[6 + d].Number : null, detail ? f[7 + d].Number : null,
            null, detail ? f[8 + d].OrNull : null, detail ? f[9 + d].Number : null, detail ? f[10 + d].Number : null, text));
    }

    private static ParseResult<StoredTextMessage> Submit(List<AtField> f, string text)
    {
        var hasAlpha = f.Count is 3 or 11;
        if (!hasAlpha && f.Count is not (2 or 10))
        {
            return ParseResult.Invalid<StoredTextMessage>($"stored-message header with {f.Count} fields");
        }

        string? alpha = hasAlpha ? f[2].Text : null;
        var d = hasAlpha ? 0 : -1;
        var detail = f.Count >= 10;
        return ParseResult.Success<StoredTextMessage>(new StoredTextMessage(
            f[0].Text, true, f[1].Text, alpha, null,
            detail ? f[3 + d].Number : null, detail ? f[4 + d].Number : null, detail ? f[5 + d].Number : null, detail ? f[6 + d].Number : null,
            detail ? f[7 + d].OrNull : null, detail ? f[8 + d].OrNull : null, detail ? f[9 + d].Number : null, detail ? f[10 + d].Number : null, text));
    }
}
