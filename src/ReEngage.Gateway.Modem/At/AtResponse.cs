namespace ReEngage.Gateway.Modem.At;

/// <summary>The answer to one AT command: its information lines and the final result.</summary>
/// <param name="Command">The command as sent.</param>
/// <param name="Lines">Information lines (echo removed).</param>
/// <param name="Final">The final result line: OK, or the error.</param>
public sealed record AtResponse(string Command, IReadOnlyList<string> Lines, string Final)
{
    /// <summary>True for OK (and numeric 0).</summary>
    public bool IsOk => Final is "OK" or "0";

    /// <summary>The first line starting with <paramref name="prefix"/>, without the prefix and leading spaces.</summary>
    public string? Value(string prefix)
    {
        foreach (var line in Lines)
        {
            if (line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return line[prefix.Length..].TrimStart();
            }
        }

        return null;
    }
}

/// <summary>An unsolicited result code: one line, or two for +CMT / +CDS / +CBM (header and PDU).</summary>
/// <param name="Line">The URC line.</param>
/// <param name="Pdu">The second line of a two-line URC.</param>
public sealed record AtUrc(string Line, string? Pdu = null)
{
    /// <summary>True when the line says the modem (re)started.</summary>
    public bool IsRestart => AtLineClassifier.IsRestartBanner(Line);
}
