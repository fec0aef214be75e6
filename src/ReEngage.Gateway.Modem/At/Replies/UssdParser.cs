using System.Text;

namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>A USSD result, <c>+CUSD: &lt;m&gt;[,&lt;str&gt;[,&lt;dcs&gt;]]</c> (27.007 §7.15).</summary>
/// <param name="M">0 no further action, 1 further action required, 2 terminated by the network, 3 answered by another client, 4 not supported, 5 timed out.</param>
/// <param name="Str">&lt;str&gt; as sent, quotes removed; null when absent.</param>
/// <param name="Dcs">&lt;dcs&gt; as sent, or null when absent.</param>
/// <param name="Text">The decoded text, or null when there is no &lt;str&gt; or it is 8-bit data.</param>
/// <param name="Language">ISO 639 language from the coding scheme or the text's language prefix, or null.</param>
public sealed record UssdResponse(int M, string? Str, int? Dcs, string? Text, string? Language)
{
    /// <summary>True when the network waits for an answer (m = 1).</summary>
    public bool ExpectsReply => M == 1;
}

/// <summary>Reads +CUSD results and decodes their text.</summary>
public static class UssdParser
{
    /// <summary>
    /// Reads the first +CUSD: line. A quoted &lt;str&gt; may hold a line break (the framing splits it):
    /// following lines are joined back with LF until the quote closes.
    /// </summary>
    public static ParseResult<UssdResponse> Parse(IReadOnlyList<string> lines, TeCharset charset = TeCharset.Unknown)
    {
        ArgumentNullException.ThrowIfNull(lines);
        for (var i = 0; i < lines.Count; i++)
        {
            if (AtFields.Body(lines[i], "+CUSD") is null)
            {
                continue;
            }

            var text = new StringBuilder(lines[i].Trim());
            for (var j = i + 1; j < lines.Count && AtFields.HasOpenQuote(text.ToString()); j++)
            {
                text.Append('\n').Append(lines[j]);
            }

            return ParseLine(text.ToString(), charset);
        }

        return ParseResult.Absent<UssdResponse>();
    }

    /// <summary>Frames a raw capture (a URC, or a reply with the URC in it) and reads its +CUSD.</summary>
    public static ParseResult<UssdResponse> Parse(string raw, TeCharset charset = TeCharset.Unknown)
    {
        var reply = AtReplyReader.Read(raw);
        return Parse(reply.Urcs.Select(u => u.Line).Concat(reply.Lines).ToList(), charset);
    }

    /// <summary>Reads one +CUSD line (which may hold line breaks inside its quoted string).</summary>
    public static ParseResult<UssdResponse> ParseLine(string line, TeCharset charset = TeCharset.Unknown)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (AtFields.Body(line, "+CUSD") is not { } body)
        {
            return ParseResult.Invalid<UssdResponse>("not a +CUSD line");
        }

        var f = AtFields.Split(body);
        if (f is null)
        {
            return ParseResult.Invalid<UssdResponse>("the <str> quote is not closed");
        }

        if (f.Count == 0 || !f[0].TryInt(out var m))
        {
            return ParseResult.Invalid<UssdResponse>("no <m>");
        }

        var str = f.Count > 1 ? f[1].OrNull : null;
        int? dcs = f.Count > 2 ? f[2].Number : null;
        if (f.Count > 2 && dcs is null && !f[2].IsOmitted)
        {
            return ParseResult.Invalid<UssdResponse>($"<dcs> '{f[2].Text}' is not a number");
        }

        var coding = UssdDataCoding.Parse(dcs);
        var (text, language) = str is null ? (null, coding.Language) : UssdText.Decode(str, coding, charset);
        return ParseResult.Success<UssdResponse>(new UssdResponse(m, str, dcs, text, language));
    }
}
