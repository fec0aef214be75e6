namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>The AT+COPS? answer (27.007 §7.3): <c>+COPS: &lt;mode&gt;[,&lt;format&gt;,&lt;oper&gt;[,&lt;AcT&gt;]]</c>.</summary>
/// <param name="Mode">0 automatic, 1 manual, 2 deregistered, 3 format only, 4 manual then automatic.</param>
/// <param name="Format">0 long name, 1 short name, 2 numeric; null when no operator is selected.</param>
/// <param name="Operator">The operator in that format (decoded per the TE charset), or null.</param>
/// <param name="AccessTechnology">&lt;AcT&gt;, or null when absent.</param>
public sealed record OperatorSelection(int Mode, int? Format, string? Operator, int? AccessTechnology);

/// <summary>Reads the AT+COPS? answer.</summary>
public static class OperatorSelectionParser
{
    /// <summary>Reads the first +COPS: line; absent when there is none.</summary>
    public static ParseResult<OperatorSelection> Parse(IReadOnlyList<string> lines, TeCharset charset = TeCharset.Unknown)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            if (AtFields.Body(line, "+COPS") is not { } body)
            {
                continue;
            }

            var fields = AtFields.Split(body);
            if (fields is null || fields.Count == 0 || !fields[0].TryInt(out var mode))
            {
                return ParseResult.Invalid<OperatorSelection>("no <mode>");
            }

            int? format = fields.Count > 1 ? fields[1].Number : null;
            var name = fields.Count > 2 ? fields[2].NonEmptyOrNull : null;
            int? act = fields.Count > 3 ? fields[3].Number : null;
            return ParseResult.Success<OperatorSelection>(new OperatorSelection(mode, format, name is null ? null : TeText.Decode(name, charset), act));
        }

        return ParseResult.Absent<OperatorSelection>();
    }

    /// <summary>Frames a raw capture and reads it.</summary>
    public static ParseResult<OperatorSelection> Parse(string raw, TeCharset charset = TeCharset.Unknown) =>
        Parse(AtReplyReader.Read(raw, "AT+COPS?").Lines, charset);
}
