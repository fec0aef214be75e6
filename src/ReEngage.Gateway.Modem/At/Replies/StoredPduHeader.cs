namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>The header of a PDU-mode +CMGL/+CMGR entry, read field by field with the layouts seen in the wild.</summary>
internal sealed record StoredPduHeader(int? Index, int? Stat, string? Alpha, int? Length, string? InlinePdu, string? Error)
{
    /// <summary>
    /// Reads the header fields. With <paramref name="withIndex"/> (+CMGL): index,stat,[alpha],length. Without
    /// (+CMGR): the 27.005 stat,[alpha],length; stat,length (alpha and its comma dropped); length alone; and a
    /// four-field index,stat,alpha,length that some phones copy from +CMGL (Gammu bug #549).
    /// </summary>
    public static StoredPduHeader Read(string body, bool withIndex)
    {
        var fields = AtFields.Split(body)?.ToList();
        if (fields is null || fields.Count == 0)
        {
            return Fail("a quote is not closed");
        }

        // "+CMGR: 1,,147 0791…": the PDU follows the length after a space instead of a line break.
        string? inline = null;
        var last = fields[^1];
        var space = last.Quoted ? -1 : last.Text.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            inline = CleanPdu(last.Text[(space + 1)..]);
            fields[^1] = new AtField(last.Text[..space], false);
        }

        if (!fields[^1].TryInt(out var length))
        {
            return Fail($"<length> '{fields[^1].Text}' is not a number");
        }

        var hasIndex = withIndex || fields.Count >= 4;
        int? index = null;
        if (hasIndex)
        {
            if (fields.Count < 3 || !fields[0].TryInt(out var i))
            {
                return Fail("no <index>");
            }

            index = i;
            fields.RemoveAt(0);
        }

        // Now [stat,][alpha,]length.
        int? stat = null;
        if (fields.Count >= 2)
        {
            if (!fields[0].IsOmitted && !fields[0].TryInt(out _))
            {
                return Fail($"<stat> '{fields[0].Text}' is not a number");
            }

            stat = fields[0].Number;
        }

        string? alpha = fields.Count >= 3 ? fields[1].Text : null;
        return fields.Count > 3 ? Fail("too many fields") : new StoredPduHeader(index, stat, alpha, length, inline, null);
    }

    /// <summary>The PDU line trimmed, without the stray quote some modems leave at its end.</summary>
    public static string CleanPdu(string line) => line.Trim().Trim('"').Trim();

    private static StoredPduHeader Fail(string error) => new(null, null, null, null, null, error);
}
