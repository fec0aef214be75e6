namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>A captured reply split into its parts by <see cref="AtReplyReader"/>.</summary>
/// <param name="Lines">Information lines in order, echo removed, line ends removed (spaces kept).</param>
/// <param name="Final">The final result code (trimmed), or null when the capture has none.</param>
/// <param name="Urcs">Unsolicited result codes found anywhere in the capture, in order.</param>
/// <param name="Echoes">The echo lines removed (a modem may echo twice).</param>
public sealed record AtReply(IReadOnlyList<string> Lines, string? Final, IReadOnlyList<AtUrc> Urcs, IReadOnlyList<string> Echoes)
{
    /// <summary>True when the final result is OK (or numeric 0).</summary>
    public bool IsOk => Final is "OK" or "0";

    /// <summary>The final result read as +CME ERROR / +CMS ERROR / ERROR, or null when it is OK or missing.</summary>
    public AtError? Error => Final is null ? null : AtError.Parse(Final);
}
