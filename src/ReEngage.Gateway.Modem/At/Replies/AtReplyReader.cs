using System.Text;

namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>
/// Frames a raw captured reply (the bytes as a string) into information lines, the final result code and
/// URCs — the offline counterpart of <see cref="AtChannel"/>, so that parsers see the same lines from a
/// capture as from the live channel. It frames like the channel: a line ends at any CR or LF (so LF,
/// CR LF, CR CR LF and a bare CR all work), empty lines are dropped, control characters and bytes above
/// 0x7E are dropped, and finals and URCs are told apart by <see cref="AtLineClassifier"/>.
/// </summary>
/// <remarks>
/// One difference, on purpose: information lines keep their leading and trailing spaces (the channel
/// trims them). A text-mode SMS body may end in a space that is part of the message (27.005 §3.4.3
/// +CMGR text mode); parsers trim what they read field by field, so both kinds of line parse alike.
/// </remarks>
public static class AtReplyReader
{
    /// <summary>Splits a capture into lines exactly as <see cref="AtChannel"/> frames them, without trimming.</summary>
    public static IReadOnlyList<string> SplitLines(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var c in raw)
        {
            if (c is '\r' or '\n')
            {
                Flush(lines, line);
                continue;
            }

            // The channel reads bytes and keeps printable ASCII only (wrong baud rates make noise).
            if (c >= ' ' && c < '\u007F')
            {
                line.Append(c);
            }
        }

        Flush(lines, line);
        return lines;
    }

    /// <summary>
    /// Reads a captured reply to <paramref name="command"/> (as sent, e.g. "AT+CREG?"), or, with no
    /// command, a capture of URCs only. Echo lines are recognised before the first information line: the
    /// command itself, a repeat of it (some modems echo twice), or a line naming the same command with
    /// other arguments or trailing noise (Gammu's dumps hold "ATI4\"" for ATI4 and "AT+CCFC=4,0" for
    /// AT+CCFC=4,2). URCs may come before the echo (gammu #246, #392); a +CUSD whose quoted text holds a
    /// line break is joined back into one URC; +CMT/+CDS/+CBM keep their PDU line.
    /// </summary>
    public static AtReply Read(string raw, string? command = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var all = SplitLines(raw);
        var prefix = command is null ? null : AtLineClassifier.ResponsePrefix(command);
        var lines = new List<string>();
        var urcs = new List<AtUrc>();
        var echoes = new List<string>();
        string? final = null;
        for (var i = 0; i < all.Count; i++)
        {
            var line = all[i];
            var trimmed = line.Trim();
            var pending = command is not null && final is null;
            if (pending && lines.Count == 0 && IsEcho(trimmed, command!))
            {
                echoes.Add(trimmed);
                continue;
            }

            if (pending && AtLineClassifier.IsFinal(trimmed, command))
            {
                final = trimmed;
                continue;
            }

            if (AtLineClassifier.IsUnsolicited(trimmed, pending, prefix))
            {
                i = ReadUrc(all, i, urcs);
                continue;
            }

            lines.Add(line);
        }

        return new AtReply(lines, final, urcs, echoes);
    }

    /// <summary>
    /// True when <paramref name="line"/> is an echo of <paramref name="command"/>: the same text, the same
    /// text with trailing noise, or the same command name with other arguments.
    /// </summary>
    public static bool IsEcho(string line, string command)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(command);
        if (!line.StartsWith("AT", StringComparison.OrdinalIgnoreCase) || command.Length < 2)
        {
            return false;
        }

        return line.StartsWith(command, StringComparison.OrdinalIgnoreCase)
            || (CommandName(line) is { Length: > 3 } name && name.Equals(CommandName(command), StringComparison.OrdinalIgnoreCase));
    }

    private static string CommandName(string command)
    {
        var end = command.IndexOfAny(['=', '?']);
        return (end < 0 ? command : command[..end]).Trim();
    }

    private static int ReadUrc(IReadOnlyList<string> all, int i, List<AtUrc> urcs)
    {
        var line = all[i].Trim();
        if (AtLineClassifier.IsTwoLineUrc(line) && i + 1 < all.Count && TeText.IsHex(all[i + 1].Trim()))
        {
            urcs.Add(new AtUrc(line, all[i + 1].Trim()));
            return i + 1;
        }

        if (line.StartsWith("+CUSD:", StringComparison.OrdinalIgnoreCase) && AtFields.HasOpenQuote(line))
        {
            // 27.007 §7.15: <str> may hold CR LF; the framing split it. The break is restored as LF.
            var text = new StringBuilder(all[i].TrimStart());
            var j = i + 1;
            for (; j < all.Count && AtFields.HasOpenQuote(text.ToString()); j++)
            {
                text.Append('\n').Append(all[j]);
            }

            if (!AtFields.HasOpenQuote(text.ToString()))
            {
                urcs.Add(new AtUrc(text.ToString().TrimEnd()));
                return j - 1;
            }
        }

        urcs.Add(new AtUrc(line));
        return i;
    }

    private static void Flush(List<string> lines, StringBuilder line)
    {
        if (line.Length > 0 && !string.IsNullOrWhiteSpace(line.ToString()))
        {
            lines.Add(line.ToString());
        }

        line.Clear();
    }
}
