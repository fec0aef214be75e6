namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// One rule that sends inbound SMS to an SMPP account, written as text in the account's settings:
/// <list type="bullet">
/// <item><c>&lt;modem&gt;</c> or <c>&lt;modem&gt;=&lt;address&gt;</c>: every SMS that modem (SIM) receives; the address is the
/// SIM's number, the deliver_sm's destination_addr (the gateway cannot read a SIM's number reliably, so the operator
/// writes it; without it the modem's name is sent).</item>
/// <item><c>#&lt;KEYWORD&gt;</c> or <c>#&lt;KEYWORD&gt;=&lt;address&gt;</c>: an SMS on any modem whose first word is the keyword
/// (any case); the address is the short code the client expects (without it, the keyword).</item>
/// </list>
/// A keyword route wins over a modem route, so one SIM can serve a default account and keyword accounts.
/// </summary>
/// <param name="Keyword">The keyword, upper case; null for a modem route.</param>
/// <param name="Modem">The modem's name; null for a keyword route.</param>
/// <param name="Address">The destination_addr of the deliver_sm (at most 20 characters).</param>
public sealed record SmppInboundRoute(string? Keyword, string? Modem, string Address)
{
    /// <summary>The longest destination_addr SMPP 3.4 carries.</summary>
    public const int MaxAddressLength = 20;

    /// <summary>Reads one route; false (with why) when it is not one.</summary>
    public static bool TryParse(string text, out SmppInboundRoute? route, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        route = null;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? text : text[..equals];
        var keyword = name.StartsWith('#');
        if (keyword)
        {
            name = name[1..];
        }

        var address = equals < 0 ? name : text[(equals + 1)..];
        if (name.Length == 0 || !Printable(name) || (keyword && name.Length > 16))
        {
            error = $"'{text}' names no modem or keyword (<modem>[=<number>] or #<KEYWORD>[=<short code>]; a keyword has at most 16 characters).";
            return false;
        }

        if (address.Length is 0 or > MaxAddressLength || !Printable(address))
        {
            error = $"'{text}': the address after '=' has 1 to {MaxAddressLength} printable characters (SMPP's destination_addr).";
            return false;
        }

        route = keyword ? new SmppInboundRoute(name.ToUpperInvariant(), null, address) : new SmppInboundRoute(null, name, address);
        error = null;
        return true;
    }

    /// <summary>The routes that parse (the others were refused when they were saved or at start).</summary>
    public static IReadOnlyList<SmppInboundRoute> ParseAll(IEnumerable<string> texts) =>
        [.. texts.Select(t => TryParse(t, out var r, out _) ? r : null).OfType<SmppInboundRoute>()];

    /// <summary>
    /// The account and route an inbound SMS goes to: the first keyword route that matches its first word, else the
    /// first route of the modem it arrived on; null when no account asked for it.
    /// </summary>
    public static (string SystemId, SmppInboundRoute Route)? Match(IEnumerable<(string SystemId, IReadOnlyList<SmppInboundRoute> Routes)> accounts, string modem, string text)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(text);
        var all = accounts.SelectMany(a => a.Routes.Select(r => (a.SystemId, Route: r))).ToList();
        var first = text.AsSpan().TrimStart();
        var end = first.IndexOfAny([' ', '\t', '\r', '\n']);
        var word = (end < 0 ? first : first[..end]).ToString().ToUpperInvariant();
        foreach (var candidate in all)
        {
            if (candidate.Route.Keyword is { } k && string.Equals(k, word, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        foreach (var candidate in all)
        {
            if (candidate.Route.Modem is { } m && string.Equals(m, modem, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool Printable(string value) => value.All(c => c is > ' ' and < '\u007f');
}
