using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Security;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// Who may bind: the accounts of Gateway:Smpp:Accounts (configuration, compared as written) and those created
/// through the API or the dashboard (the database, a PBKDF2 hash). A system_id is in one or the other, never both.
/// </summary>
internal sealed class SmppAccountDirectory(IOptions<SmppOptions> options, IServiceScopeFactory scopes)
{
    private static readonly PasswordHasher<SmppAccount> Hasher = new();

    /// <summary>The configured account with this system_id, if any.</summary>
    public SmppAccountOptions? Configured(string systemId) =>
        options.Value.Accounts.Find(a => string.Equals(a.SystemId, systemId, StringComparison.Ordinal));

    /// <summary>The account when the password is right; null for a wrong password and an unknown system_id alike.</summary>
    public async Task<SmppAccountOptions?> AuthenticateAsync(string systemId, string password, CancellationToken cancellationToken)
    {
        if (Configured(systemId) is { } configured)
        {
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(configured.Password), Encoding.UTF8.GetBytes(password)) ? configured : null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var stored = await db.SmppAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.SystemId == systemId, cancellationToken).ConfigureAwait(false);
        if (stored is null || Hasher.VerifyHashedPassword(stored, stored.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            return null;
        }

        return new SmppAccountOptions
        {
            SystemId = stored.SystemId,
            AllowedAddresses = [.. stored.AddressList()],
            InboundRoutes = [.. stored.RouteList()],
            MaxBinds = stored.MaxBinds,
            WindowSize = stored.WindowSize,
            Throughput = stored.Throughput,
        };
    }

    /// <summary>The stored form of a password.</summary>
    public static string Hash(SmppAccount account, string password) => Hasher.HashPassword(account, password);
}
