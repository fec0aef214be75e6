namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>
/// Reads a PDU-mode AT+CMGL listing (27.005 §3.4.2): <c>+CMGL: &lt;index&gt;,&lt;stat&gt;,[&lt;alpha&gt;],&lt;length&gt;</c>
/// then the PDU on the next line, repeated.
/// </summary>
/// <remarks>
/// Pantech phones drop the <c>&lt;alpha&gt;</c> field and its comma, so a three-field header is
/// index,stat,length (alpha absent) and a four-field one index,stat,alpha,length. Some modems put the PDU on
/// the header line after a space. A truncated last PDU is kept as sent: the decoder decides what it is worth.
/// </remarks>
public static class MessageListParser
{
    /// <summary>Reads every entry; an empty listing is a valid empty list.</summary>
    public static ParseResult<IReadOnlyList<StoredPdu>> Parse(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var messages = new List<StoredPdu>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (AtFields.Body(lines[i], "+CMGL") is not { } body)
            {
                continue;
            }

            var header = StoredPduHeader.Read(body, withIndex: true);
            if (header.Error is not null)
            {
                return ParseResult.Invalid<IReadOnlyList<StoredPdu>>($"+CMGL header '{body}': {header.Error}");
            }

            var pdu = header.InlinePdu;
            if (pdu is null && i + 1 < lines.Count && AtFields.Body(lines[i + 1], "+CMGL") is null)
            {
                pdu = StoredPduHeader.CleanPdu(lines[++i]);
            }

            if (pdu is null)
            {
                return ParseResult.Invalid<IReadOnlyList<StoredPdu>>($"+CMGL entry {header.Index} has no PDU line");
            }

            messages.Add(new StoredPdu(header.Index, header.Stat, header.Alpha, header.Length, pdu));
        }

        return ParseResult.Success<IReadOnlyList<StoredPdu>>(messages);
    }

    /// <summary>Frames a raw capture and reads the listing.</summary>
    public static ParseResult<IReadOnlyList<StoredPdu>> Parse(string raw) => Parse(AtReplyReader.Read(raw, "AT+CMGL=4").Lines);
}
