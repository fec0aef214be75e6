namespace ReEngage.Gateway.Core.Messaging.Policies;

/// <summary>What routing needs to know of a waiting message.</summary>
public readonly record struct RoutingFacts(string? RequestedModem, string? Modem, string? PreferredModem, string? AvoidModem, DateTimeOffset CreatedAt);

/// <summary>
/// Which modem may take a waiting message: the one the integrator asked for; the one that already sent
/// some of its parts (a concatenated SMS must come from one SIM); otherwise any, except that the contact's
/// own modem gets a head start while it can send (replies come back to the SIM the contact knows) and a
/// modem that failed it with a network error lets the others try first.
/// </summary>
public static class RoutingPolicy
{
    /// <param name="message">The waiting message.</param>
    /// <param name="modem">The modem asking for work.</param>
    /// <param name="now">The gateway's clock.</param>
    /// <param name="stickyWait">How long the contact's own modem is waited for.</param>
    /// <param name="ready">The modems that can send now (the asking one included).</param>
    public static bool MayTake(RoutingFacts message, string modem, DateTimeOffset now, TimeSpan stickyWait, IReadOnlyCollection<string> ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        if (message.RequestedModem is { } requested)
        {
            // Asked for by name: no other modem may take it, so neither stickiness nor avoidance applies.
            return Same(requested, modem);
        }

        if (message.Modem is { } owner)
        {
            return Same(owner, modem);
        }

        if (message.PreferredModem is { } preferred && !Same(preferred, modem) && now - message.CreatedAt < stickyWait && ready.Any(r => Same(r, preferred)))
        {
            return false;
        }

        return message.AvoidModem is not { } avoid || !Same(avoid, modem) || !ready.Any(r => !Same(r, modem));
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
