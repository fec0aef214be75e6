namespace ReEngage.Gateway.Modem.At;

/// <summary>Decides what a line from the modem is: a final result, a URC, or part of an answer.</summary>
internal static class AtLineClassifier
{
    // Always unsolicited, whatever command is pending (27.005/27.007 plus vendor noise, MODEMS.md).
    private static readonly string[] AlwaysUnsolicited =
    [
        "+CMTI:", "+CMT:", "+CDSI:", "+CDS:", "+CBM:", "+CBMI:", "+CUSD:", "RING", "+CRING:", "+CLIP:", "+CIEV:",
        "^RSSI:", "^HCSQ:", "^MODE:", "^BOOT:", "^SRVST:", "^SIMST:", "^NWTIME:", "^DSFLOWRPT:", "^RFSWITCH:",
        "^STIN:", "^CEND:", "^ORIG:", "^CONF:", "^CONN:", "^SYSSTART", "^EONS:", "^CERSSI:", "^ACTIVEBAND:",
        "*ATREADY", "+SMS FULL", "+QIND:", "+QUSIM:", "POWERED DOWN", "NORMAL POWER DOWN", "UNDER-VOLTAGE", "OVER-VOLTAGE",
        "*PSUTTZ:", "+CTZV:", "+CTZE:", "+CTZU:", "DST:", "+PACSP", "RDY", "CALL READY", "SMS READY", "PB DONE", "SMS DONE",
        "+CGEV:", "+STIN:", "+NITZ:",
    ];

    // Unsolicited unless they answer the pending command (AT+CREG? is answered by "+CREG: …";
    // "+CFUN: 1" answers AT+CFUN? but is a boot banner otherwise).
    private static readonly string[] StateReports = ["+CREG:", "+CGREG:", "+CEREG:", "+C5GREG:", "+CSQ:", "+CPIN:", "+CNSMOD:", "+CFUN:", "+CPSI:"];

    private static readonly string[] Finals = ["OK", "ERROR", "NO CARRIER", "BUSY", "NO ANSWER", "NO DIALTONE", "COMMAND NOT SUPPORT", "TOO MANY PARAMETERS"];

    /// <summary>True for a line that ends a command.</summary>
    public static bool IsFinal(string line, string? pendingCommand)
    {
        foreach (var final in Finals)
        {
            if (line.Equals(final, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (line.StartsWith("+CMS ERROR", StringComparison.OrdinalIgnoreCase) || line.StartsWith("+CME ERROR", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Numeric results (ATV0) only where no answer can be a bare digit: the commands that switch modes.
        return line is "0" or "4" && pendingCommand is not null && IsModeCommand(pendingCommand);
    }

    /// <summary>True when the line is not part of the pending command's answer (or nothing is pending).</summary>
    public static bool IsUnsolicited(string line, bool commandPending, string? pendingPrefix)
    {
        foreach (var prefix in AlwaysUnsolicited)
        {
            if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var prefix in StateReports)
        {
            if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return pendingPrefix is null || !line.StartsWith(pendingPrefix + ":", StringComparison.OrdinalIgnoreCase);
            }
        }

        // Anything else belongs to the pending command (IMEI digits, "SIMCOM_Ltd", a PDU line).
        return !commandPending;
    }

    /// <summary>+CMT, +CDS and +CBM carry their PDU on the next line.</summary>
    public static bool IsTwoLineUrc(string line) =>
        line.StartsWith("+CMT:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("+CDS:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("+CBM:", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A line that means the modem has just started: it lost every setting (ATE0, CMGF, CNMI…).
    /// Huawei's "^BOOT:" is a periodic keep-alive despite its name and is not one of these.
    /// </summary>
    public static bool IsRestartBanner(string line) =>
        line.Equals("RDY", StringComparison.OrdinalIgnoreCase)
        || line.StartsWith("*ATREADY", StringComparison.OrdinalIgnoreCase)
        || line.StartsWith("^SYSSTART", StringComparison.OrdinalIgnoreCase)
        || line.Equals("START", StringComparison.OrdinalIgnoreCase);

    /// <summary>"+CSQ" for "AT+CSQ", "^CURC" for "AT^CURC=0"; null for basic commands such as ATE0.</summary>
    public static string? ResponsePrefix(string command)
    {
        if (command.Length < 3 || !command.StartsWith("AT", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var body = command.AsSpan(2);
        if (body[0] is not ('+' or '^' or '*' or '$' or '#'))
        {
            return null;
        }

        var end = 1;
        while (end < body.Length && (char.IsAsciiLetterOrDigit(body[end]) || body[end] == '_'))
        {
            end++;
        }

        return body[..end].ToString().ToUpperInvariant();
    }

    private static bool IsModeCommand(string command)
    {
        var upper = command.ToUpperInvariant();
        return upper is "AT" or "ATZ" or "AT&F" || upper.StartsWith("ATE", StringComparison.Ordinal) || upper.StartsWith("ATV", StringComparison.Ordinal) || upper.StartsWith("ATQ", StringComparison.Ordinal);
    }
}
