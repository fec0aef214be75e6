namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>
/// Splits information lines into fields the way 27.007 §4.1 and V.250 §5.7 lay them out — parameters
/// separated by commas, string parameters quoted — and tolerates what real modems send instead: no
/// space or several spaces after the colon or around commas, unquoted strings, lower-case prefixes.
/// </summary>
public static class AtFields
{
    /// <summary>
    /// The text after <paramref name="prefix"/> (e.g. "+CREG") and its colon, when the line starts with it
    /// (case-insensitive, spaces after the colon skipped); otherwise null.
    /// </summary>
    public static string? Body(string line, string prefix)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(prefix);
        var text = line.AsSpan().TrimStart();
        if (!text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = text[prefix.Length..].TrimStart();
        if (rest.IsEmpty || rest[0] != ':')
        {
            return null;
        }

        return rest[1..].TrimStart().ToString();
    }

    /// <summary>
    /// Splits on the commas outside quotes. Returns null when a quote is left open: the field
    /// boundaries are then unknowable, and guessing is how parsers read past the line (Gammu's
    /// mismatched-quote CREG case).
    /// </summary>
    public static IReadOnlyList<AtField>? Split(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var fields = new List<AtField>();
        var start = 0;
        var inQuote = false;
        for (var i = 0; i <= body.Length; i++)
        {
            if (i < body.Length)
            {
                if (body[i] == '"')
                {
                    inQuote = !inQuote;
                    continue;
                }

                if (inQuote || body[i] != ',')
                {
                    continue;
                }
            }

            fields.Add(Field(body.AsSpan(start, i - start)));
            start = i + 1;
        }

        return inQuote ? null : fields;
    }

    /// <summary>Counts the quote characters: an odd count means a string is still open.</summary>
    public static bool HasOpenQuote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var open = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                open = !open;
            }
        }

        return open;
    }

    /// <summary>
    /// Splits on commas outside parentheses, ignoring quotes: for lists of memory names and ranges
    /// (+CPMS=?, +CNMI=?) that never hold a comma inside a name, and where a modem has been seen to
    /// drop a quote (Gammu's at-cpms-sr dump: <c>(ME", "SR")</c>), which would derail quote tracking.
    /// </summary>
    public static IReadOnlyList<string> SplitTopLevel(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < body.Length; i++)
        {
            switch (body[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth = Math.Max(0, depth - 1);
                    break;
                case ',' when depth == 0:
                    parts.Add(body[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }

        parts.Add(body[start..].Trim());
        return parts;
    }

    /// <summary>
    /// Expands a 27.007 §4.1 range list such as <c>(0-1,3)</c> or <c>2</c> into its values. Null when
    /// an element is not a number or a range.
    /// </summary>
    public static IReadOnlyList<int>? ExpandRanges(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var inner = list.Trim().TrimStart('(').TrimEnd(')').Trim();
        var values = new List<int>();
        if (inner.Length == 0)
        {
            return values;
        }

        foreach (var item in inner.Split(','))
        {
            var part = item.Trim();
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (!new AtField(part, false).TryInt(out var single))
                {
                    return null;
                }

                values.Add(single);
                continue;
            }

            if (!new AtField(part[..dash].Trim(), false).TryInt(out var from) || !new AtField(part[(dash + 1)..].Trim(), false).TryInt(out var to) || to < from || to - from > 255)
            {
                return null; // a range no AT parameter has: garbage, not a list to allocate
            }

            for (var v = from; v <= to; v++)
            {
                values.Add(v);
            }
        }

        return values;
    }

    private static AtField Field(ReadOnlySpan<char> raw)
    {
        var text = raw.Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            return new AtField(text[1..^1].ToString(), true);
        }

        // Quotes that do not wrap the whole field (a stray one inside) are kept as sent.
        return new AtField(text.ToString(), false);
    }
}
