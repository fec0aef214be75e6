namespace ReEngage.Gateway.Modem.At;

/// <summary>
/// What an answer to a command must look like, so that one that cannot belong to it is recognised as a
/// loss of synchronisation instead of being taken as its answer (27.007 §4.1, 27.005 §3–4: which
/// commands have a mandatory information response and which prefix it carries).
/// </summary>
internal static class AtCommandRules
{
    // Information-response prefixes of the commands this driver sends. A line with one of these while
    // another command is pending is a stale answer, never vendor noise.
    private static readonly HashSet<string> KnownAnswerPrefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "+CSCA", "+CPMS", "+CNMI", "+COPS", "+CPIN", "+CMGF", "+CMEE", "+CSCS", "+CSMS", "+CMGS", "+CMGR", "+CMGL",
        "+CSQ", "+CGMI", "+CGMM", "+CGMR", "+CGSN", "+CIMI", "+CMMS", "+CNUM", "+CLCK", "+CMGW",
    };

    // Vendors answer the ICCID under any of these, whichever of the commands was sent.
    private static readonly HashSet<string> IccidPrefixes = new(StringComparer.OrdinalIgnoreCase) { "+CCID", "+ICCID", "^ICCID", "+QCCID", "+CICCID", "^SCID" };

    // Read commands whose answer always carries the information line (27.007/27.005 "read command" syntax).
    private static readonly HashSet<string> ReadWithMandatoryAnswer = new(StringComparer.OrdinalIgnoreCase)
    {
        "+CSCA", "+CPMS", "+CNMI", "+COPS", "+CPIN", "+CMGF", "+CMEE", "+CSCS", "+CSMS", "+CREG", "+CGREG", "+CEREG", "+CMMS",
    };

    /// <summary>
    /// True when a successful answer must hold an information line: a bare OK to it is someone else's.
    /// AT+CSMS=n and AT+CPMS=… answer "+CSMS:" / "+CPMS:" (27.005 §3.2.1, §3.2.2); AT+CSQ "+CSQ:";
    /// AT+CMGS "+CMGS: mr"; the identity commands a line of digits or text.
    /// </summary>
    public static bool RequiresInformation(string command)
    {
        var prefix = AtLineClassifier.ResponsePrefix(command);
        if (prefix is null)
        {
            return false;
        }

        var rest = command.AsSpan(2 + prefix.Length);
        if (rest is "?")
        {
            return ReadWithMandatoryAnswer.Contains(prefix);
        }

        if (rest.StartsWith("="))
        {
            return !rest.StartsWith("=?") && prefix.ToUpperInvariant() is "+CSMS" or "+CPMS" or "+CMGS" or "+CMGR";
        }

        return rest.IsEmpty && prefix.ToUpperInvariant() is "+CSQ" or "+CGMI" or "+CGMM" or "+CGMR" or "+CGSN" or "+CIMI";
    }

    /// <summary>
    /// True when an information line cannot be part of the answer to the pending command: it carries
    /// the prefix of another command this driver sends.
    /// </summary>
    public static bool IsForeignAnswer(string line, string? pendingPrefix)
    {
        if (pendingPrefix is null || line.Length < 3 || line[0] is not ('+' or '^'))
        {
            return false;
        }

        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 1)
        {
            return false;
        }

        var prefix = line[..colon];
        if (prefix.Equals(pendingPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (IccidPrefixes.Contains(prefix) && IccidPrefixes.Contains(pendingPrefix))
        {
            return false;
        }

        return KnownAnswerPrefixes.Contains(prefix);
    }

    /// <summary>
    /// True when sending the command a second time does no harm if the first one did run: never a PIN
    /// (a wrong one retried locks the SIM), a USSD request, a dial, or anything with a prompt; never a
    /// delete (the modem reuses a freed index at once: a second AT+CMGD=n may delete the report stored
    /// there meanwhile) nor an acknowledgement (a second AT+CNMA may acknowledge the next routed report,
    /// not yet saved).
    /// </summary>
    public static bool IsSafeToRepeat(string command) =>
        !command.StartsWith("AT+CPIN=", StringComparison.OrdinalIgnoreCase)
        && !command.StartsWith("AT+CMGD", StringComparison.OrdinalIgnoreCase)
        && !command.StartsWith("AT+CNMA", StringComparison.OrdinalIgnoreCase)
        && !command.StartsWith("AT+CUSD=", StringComparison.OrdinalIgnoreCase)
        && !command.StartsWith("ATD", StringComparison.OrdinalIgnoreCase)
        && !command.StartsWith("AT+CMGS", StringComparison.OrdinalIgnoreCase)
        && !command.StartsWith("AT+CMGW", StringComparison.OrdinalIgnoreCase)
        && !command.StartsWith("AT+CMSS", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a line that carries one of the known answer prefixes (a stale answer when nothing is pending).</summary>
    public static bool IsKnownAnswer(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon > 1 && (KnownAnswerPrefixes.Contains(line[..colon]) || IccidPrefixes.Contains(line[..colon]));
    }
}
