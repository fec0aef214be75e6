namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>Which error a final result code reports.</summary>
public enum AtErrorKind
{
    /// <summary>Plain ERROR (or a vendor final such as COMMAND NOT SUPPORT): no cause given.</summary>
    Error,

    /// <summary>+CME ERROR: mobile equipment error, 27.007 §9.2.</summary>
    Equipment,

    /// <summary>+CMS ERROR: message service error, 27.005 §3.2.5.</summary>
    MessageService,
}

/// <summary>
/// A final error result. 27.007 §9.1 (+CMEE) allows the cause as a number (<c>+CME ERROR: 515</c>) or as
/// verbose text (<c>+CME ERROR: SIM not inserted</c>); both are kept, the number when there is one.
/// </summary>
/// <param name="Kind">Which error it is.</param>
/// <param name="Code">The numeric cause, or null for plain ERROR and verbose text.</param>
/// <param name="Text">The verbose text, or null.</param>
/// <param name="Line">The final line as sent.</param>
public sealed record AtError(AtErrorKind Kind, int? Code, string? Text, string Line)
{
    /// <summary>
    /// Reads a final result line; null when it is not an error (OK, or not a final at all). Numeric
    /// result codes (ATV0: "4" = ERROR) are read too.
    /// </summary>
    public static AtError? Parse(string? final)
    {
        if (final is null)
        {
            return null;
        }

        var line = final.Trim();
        if (AtFields.Body(line, "+CME ERROR") is { } cme)
        {
            return Cause(AtErrorKind.Equipment, cme, line);
        }

        if (AtFields.Body(line, "+CMS ERROR") is { } cms)
        {
            return Cause(AtErrorKind.MessageService, cms, line);
        }

        return line.Equals("ERROR", StringComparison.OrdinalIgnoreCase) || line == "4" || line.Equals("COMMAND NOT SUPPORT", StringComparison.OrdinalIgnoreCase)
            || line.Equals("TOO MANY PARAMETERS", StringComparison.OrdinalIgnoreCase)
            ? new AtError(AtErrorKind.Error, null, null, line)
            : null;
    }

    private static AtError Cause(AtErrorKind kind, string cause, string line)
    {
        var field = new AtField(cause.Trim().Trim('"'), false);
        return field.TryInt(out var code)
            ? new AtError(kind, code, null, line)
            : new AtError(kind, null, field.Text.Length == 0 ? null : field.Text, line);
    }
}
