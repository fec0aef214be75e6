namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>Reads the three +CPMS answers (27.005 §3.2.2).</summary>
public static class MessageStorageParser
{
    /// <summary>
    /// AT+CPMS? : <c>+CPMS: &lt;mem1&gt;,&lt;used1&gt;,&lt;total1&gt;,&lt;mem2&gt;,…,&lt;total3&gt;</c>. Memory names are kept
    /// as sent, also ones 27.005 does not define ("MT", "TA", vendor names). Fewer than three triples are
    /// accepted (older phones have no &lt;mem3&gt;).
    /// </summary>
    public static ParseResult<IReadOnlyList<StorageUsage>> ParseQuery(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return Read(lines, withNames: true);
    }

    /// <summary>
    /// AT+CPMS=&lt;mem1&gt;[,…] : <c>+CPMS: &lt;used1&gt;,&lt;total1&gt;,&lt;used2&gt;,&lt;total2&gt;,&lt;used3&gt;,&lt;total3&gt;</c>.
    /// A repeated +CPMS: line (seen with a duplicated echo) is ignored: the first counts.
    /// </summary>
    public static ParseResult<IReadOnlyList<StorageUsage>> ParseSet(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return Read(lines, withNames: false);
    }

    /// <summary>
    /// AT+CPMS=? : three lists, normally <c>("SM","ME"),("SM","ME"),("SM","ME")</c>, but also without
    /// parentheses (<c>"SM","SM","SM"</c>), mixed, empty (<c>(),,(  )</c>), with runs of spaces, or with a
    /// quote missing (<c>(ME", "SR")</c>). An answer naming nothing (<c>+CPMS: </c>) gives three empty lists.
    /// </summary>
    public static ParseResult<SupportedStorages> ParseSupported(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            if (AtFields.Body(line, "+CPMS") is not { } body)
            {
                continue;
            }

            var parameters = AtFields.SplitTopLevel(body);
            var lists = new List<IReadOnlyList<string>>();
            foreach (var parameter in parameters.Take(3))
            {
                lists.Add(Names(parameter));
            }

            while (lists.Count < 3)
            {
                lists.Add([]);
            }

            return ParseResult.Success<SupportedStorages>(new SupportedStorages(lists[0], lists[1], lists[2]));
        }

        return ParseResult.Absent<SupportedStorages>();
    }

    private static List<string> Names(string parameter)
    {
        var names = new List<string>();
        foreach (var item in parameter.Trim().TrimStart('(').TrimEnd(')').Split(','))
        {
            var name = item.Trim().Trim('"').Trim();
            if (name.Length > 0)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static ParseResult<IReadOnlyList<StorageUsage>> Read(IReadOnlyList<string> lines, bool withNames)
    {
        foreach (var line in lines)
        {
            if (AtFields.Body(line, "+CPMS") is not { } body)
            {
                continue;
            }

            var fields = AtFields.Split(body);
            var width = withNames ? 3 : 2;
            if (fields is null || fields.Count < width || fields.Count % width != 0)
            {
                return ParseResult.Invalid<IReadOnlyList<StorageUsage>>($"+CPMS: '{body}' is not a list of {(withNames ? "mem,used,total" : "used,total")}");
            }

            var usage = new List<StorageUsage>();
            for (var i = 0; i < fields.Count && usage.Count < 3; i += width)
            {
                var memory = withNames ? fields[i].Text : null;
                var offset = withNames ? 1 : 0;
                if (!fields[i + offset].TryInt(out var used) || !fields[i + offset + 1].TryInt(out var total))
                {
                    return ParseResult.Invalid<IReadOnlyList<StorageUsage>>($"+CPMS: '{body}' has a count that is not a number");
                }

                usage.Add(new StorageUsage(memory, used, total));
            }

            return ParseResult.Success<IReadOnlyList<StorageUsage>>(usage);
        }

        return ParseResult.Absent<IReadOnlyList<StorageUsage>>();
    }
}
