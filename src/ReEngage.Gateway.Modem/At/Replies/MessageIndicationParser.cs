namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>What AT+CNMI=? offers (27.005 §3.4.1), each parameter's range list expanded.</summary>
/// <param name="Mode">&lt;mode&gt; values.</param>
/// <param name="Mt">&lt;mt&gt; values (how SMS-DELIVERs are indicated).</param>
/// <param name="Bm">&lt;bm&gt; values (cell broadcast).</param>
/// <param name="Ds">&lt;ds&gt; values (status reports: SIM800 offers 0/1 only).</param>
/// <param name="Bfr">&lt;bfr&gt; values.</param>
public sealed record SupportedIndications(IReadOnlyList<int> Mode, IReadOnlyList<int> Mt, IReadOnlyList<int> Bm, IReadOnlyList<int> Ds, IReadOnlyList<int> Bfr);

/// <summary>A new-message indication, <c>+CMTI: &lt;mem&gt;,&lt;index&gt;</c> (27.005 §3.4.1); +CDSI has the same shape.</summary>
/// <param name="Name">"+CMTI" or "+CDSI".</param>
/// <param name="Memory">Where the message was stored.</param>
/// <param name="Index">Its index there.</param>
public sealed record StoredMessageIndication(string Name, string Memory, int Index);

/// <summary>Reads AT+CNMI=? and the +CMTI / +CDSI indications.</summary>
public static class MessageIndicationParser
{
    /// <summary>
    /// AT+CNMI=? : five range lists such as <c>(2),(0-1,3),(0,2),(0-1),(0)</c>, ranges and single values
    /// mixed (27.007 §4.1 range notation). Missing trailing lists read as empty.
    /// </summary>
    public static ParseResult<SupportedIndications> ParseSupported(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            if (AtFields.Body(line, "+CNMI") is not { } body)
            {
                continue;
            }

            var lists = new List<IReadOnlyList<int>>();
            foreach (var parameter in AtFields.SplitTopLevel(body))
            {
                if (AtFields.ExpandRanges(parameter) is not { } values)
                {
                    return ParseResult.Invalid<SupportedIndications>($"+CNMI list '{parameter}' is not a range list");
                }

                lists.Add(values);
            }

            while (lists.Count < 5)
            {
                lists.Add([]);
            }

            return ParseResult.Success<SupportedIndications>(new SupportedIndications(lists[0], lists[1], lists[2], lists[3], lists[4]));
        }

        return ParseResult.Absent<SupportedIndications>();
    }

    /// <summary>Reads a +CMTI or +CDSI line.</summary>
    public static ParseResult<StoredMessageIndication> ParseIndication(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var name = line.TrimStart().StartsWith("+CDSI", StringComparison.OrdinalIgnoreCase) ? "+CDSI" : "+CMTI";
        if (AtFields.Body(line, name) is not { } body || AtFields.Split(body) is not { Count: >= 2 } fields || !fields[1].TryInt(out var index))
        {
            return ParseResult.Invalid<StoredMessageIndication>("not a +CMTI/+CDSI line with <mem>,<index>");
        }

        return ParseResult.Success<StoredMessageIndication>(new StoredMessageIndication(name, fields[0].Text, index));
    }
}
