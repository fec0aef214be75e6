using ReEngage.Gateway.Core.Security;

namespace ReEngage.Gateway.Api;

/// <summary>What an SMPP account's fields may hold: the limits of SMPP 3.4's fields, and what a message's source can carry.</summary>
internal static class SmppAccountRules
{
    public static Dictionary<string, string[]> Check(SmppAccountBody body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.SystemId is not { Length: > 0 and <= SmppAccount.MaxSystemIdLength } systemId || !Printable(systemId) || systemId.Contains(':', StringComparison.Ordinal))
        {
            errors["systemId"] = [$"systemId has 1 to {SmppAccount.MaxSystemIdLength} printable ASCII characters, without ':' or spaces (SMPP 3.4's system_id)."];
        }

        if (PasswordError(body.Password) is { } password)
        {
            errors["password"] = [password];
        }

        if (body.AllowedAddresses?.Exists(a => a is not { Length: > 0 and <= SmppAccount.MaxAddressLength } || !Printable(a)) == true)
        {
            errors["allowedAddresses"] = [$"Each allowed address has 1 to {SmppAccount.MaxAddressLength} printable ASCII characters, without spaces (SMPP 3.4's source_addr)."];
        }

        var routeErrors = (body.InboundRoutes ?? []).Select(r => Core.Messaging.SmppInboundRoute.TryParse(r ?? "", out _, out var error) ? null : error).OfType<string>().ToArray();
        if (routeErrors.Length > 0)
        {
            errors["inboundRoutes"] = routeErrors;
        }

        if (body.MaxBinds is < 1 or > 100)
        {
            errors["maxBinds"] = ["maxBinds is between 1 and 100."];
        }

        if (body.WindowSize is < 1 or > 1000)
        {
            errors["windowSize"] = ["windowSize is between 1 and 1000."];
        }

        if (body.Throughput is < 0 or > 10000)
        {
            errors["throughput"] = ["throughput is between 0 (no limit) and 10000 submits per second."];
        }

        return errors;
    }

    public static string? PasswordError(string? password) =>
        password is { Length: > 0 and <= SmppAccount.MaxPasswordLength } && Printable(password)
            ? null
            : $"password has 1 to {SmppAccount.MaxPasswordLength} printable ASCII characters (SMPP 3.4 allows no more).";

    private static bool Printable(string value) => value.All(c => c is > ' ' and < '\u007f');
}
