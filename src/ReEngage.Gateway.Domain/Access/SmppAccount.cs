namespace ReEngage.Gateway.Core.Security;

/// <summary>
/// An SMPP client system allowed to bind, created through the API or the dashboard (accounts in
/// Gateway:Smpp:Accounts live in the configuration instead). The password is kept only as a salted PBKDF2 hash:
/// SMPP 3.4 passwords are at most 8 characters, so a plain hash would be guessed in minutes.
/// </summary>
public sealed class SmppAccount
{
    public const int MaxSystemIdLength = 15;
    public const int MaxPasswordLength = 8;
    public const int MaxAddressLength = 20;

    public int Id { get; set; }

    /// <summary>system_id: 1–15 characters, no ':' (it is part of a message's source, smpp:&lt;system_id&gt;:…); unique.</summary>
    public required string SystemId { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 format, as the dashboard users' passwords.</summary>
    public required string PasswordHash { get; set; }

    /// <summary>source_addr values the account may submit with, separated by spaces; empty allows any.</summary>
    public string AllowedAddresses { get; set; } = "";

    /// <summary>Which inbound SMS go to the account, separated by spaces (see <c>SmppInboundRoute</c>); empty: none.</summary>
    public string InboundRoutes { get; set; } = "";

    public int MaxBinds { get; set; } = 2;

    public int WindowSize { get; set; } = 10;

    /// <summary>submit_sm per second, all binds together; 0: no limit.</summary>
    public int Throughput { get; set; } = 50;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? PasswordChangedAt { get; set; }

    /// <summary>The allowed addresses as a list.</summary>
    public IReadOnlyList<string> AddressList() => AllowedAddresses.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The inbound routes as a list.</summary>
    public IReadOnlyList<string> RouteList() => InboundRoutes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
