using System.Text;

namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>One operator from an AT+COPS=? scan (27.007 §7.3).</summary>
/// <param name="Stat">0 unknown, 1 available, 2 current, 3 forbidden.</param>
/// <param name="LongName">Long alphanumeric name, decoded per the TE charset; null when empty or absent.</param>
/// <param name="ShortName">Short alphanumeric name; null when empty or absent.</param>
/// <param name="Numeric">MCC and MNC as sent (a 7-digit form is kept), decoded per the TE charset.</param>
/// <param name="AccessTechnology">&lt;AcT&gt;, or null when the entry has none (pre-Release-99 phones).</param>
public sealed record NetworkOperator(int Stat, string? LongName, string? ShortName, string? Numeric, int? AccessTechnology);

/// <summary>
/// Reads the AT+COPS=? operator list: <c>+COPS: (stat,"long","short","numeric"[,AcT]),…,,(modes),(formats)</c>.
/// </summary>
/// <remarks>
/// Real lists break the grammar in every way ModemManager's tests collect: entries that close their
/// parenthesis before <c>&lt;AcT&gt;</c> (<c>"310260"),2)</c>), commas inside quoted names, one operator
/// per "+COPS:" line, a line break between entries, no <c>,,</c> before the range lists, a trailing
/// comma, names in UCS2 hex. The reader therefore walks parenthesised groups (quotes respected), glues a
/// stray <c>,digits)</c> tail back onto the group before it, and tells operators from the
/// <c>&lt;mode&gt;</c>/<c>&lt;format&gt;</c> range lists by content: an operator holds a quoted string, a range
/// list only numbers.
/// </remarks>
public static class OperatorListParser
{
    /// <summary>Reads the scan from the information lines; <paramref name="charset"/> is the AT+CSCS in force.</summary>
    public static ParseResult<IReadOnlyList<NetworkOperator>> Parse(IReadOnlyList<string> lines, TeCharset charset = TeCharset.Unknown)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            // Continuation lines (CR LF inside the list) carry no prefix; one-operator-per-line replies do.
            var body = AtFields.Body(line, "+COPS") ?? line.Trim();
            text.Append(body).Append(',');
        }

        var groups = Groups(text.ToString());
        if (groups is null)
        {
            return ParseResult.Invalid<IReadOnlyList<NetworkOperator>>("a quote or parenthesis is not closed");
        }

        var operators = new List<NetworkOperator>();
        foreach (var group in groups)
        {
            var fields = AtFields.Split(group);
            if (fields is null || !fields.Any(f => f.Quoted))
            {
                continue; // a <mode>/<format> range list, or an empty one
            }

            if (fields.Count < 4 || !fields[0].TryInt(out var stat))
            {
                return ParseResult.Invalid<IReadOnlyList<NetworkOperator>>($"operator entry '({group})' has no <stat> or too few fields");
            }

            operators.Add(new NetworkOperator(
                stat,
                Name(fields[1], charset),
                Name(fields[2], charset),
                Name(fields[3], charset),
                fields.Count > 4 ? fields[4].Number : null));
        }

        return ParseResult.Success<IReadOnlyList<NetworkOperator>>(operators);
    }

    /// <summary>Frames a raw capture and reads its scan.</summary>
    public static ParseResult<IReadOnlyList<NetworkOperator>> Parse(string raw, TeCharset charset = TeCharset.Unknown) =>
        Parse(AtReplyReader.Read(raw, "AT+COPS=?").Lines, charset);

    private static string? Name(AtField field, TeCharset charset) =>
        field.Text.Length == 0 ? null : TeText.Decode(field.Text, charset);

    private static List<string>? Groups(string text)
    {
        var groups = new List<string>();
        var inQuote = false;
        var start = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' && start >= 0)
            {
                inQuote = !inQuote;
            }
            else if (inQuote)
            {
                continue;
            }
            else if (c == '(' && start < 0)
            {
                start = i + 1;
            }
            else if (c == ')' && start >= 0)
            {
                var group = text[start..i];
                var tail = StrayTail(text, i + 1, out var next);
                groups.Add(tail is null ? group : group + "," + tail);
                i = next - 1;
                start = -1;
            }
        }

        return inQuote || start >= 0 ? null : groups;
    }

    // After ")" of a mis-nested entry: ",<digits>)" is its <AcT>. Returns the digits and where to go on.
    private static string? StrayTail(string text, int from, out int next)
    {
        next = from;
        var i = SkipSpaces(text, from);
        if (i >= text.Length || text[i] != ',')
        {
            return null;
        }

        i = SkipSpaces(text, i + 1);
        var digits = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var end = SkipSpaces(text, i);
        if (i == digits || end >= text.Length || text[end] != ')')
        {
            return null;
        }

        next = end + 1;
        return text[digits..i];
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i;
    }
}
