using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Security;

namespace ReEngage.Gateway.Core.Fleet;

/// <summary>
/// The token nodes show each other when one forwards a modem action to another: made by the first node that
/// needs it and kept in the shared database (so a node trusts exactly those that can read the fleet's data).
/// </summary>
public sealed class FleetSecret(IServiceScopeFactory scopes)
{
    private const string Key = "fleet.nodeToken";
    private volatile string? token;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (token is { } known)
        {
            return known;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var stored = await db.Settings.AsNoTracking().Where(s => s.Key == Key).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            db.Settings.Add(new GatewaySetting { Key = Key, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
            {
                // Another node made it first: use theirs.
            }

            db.ChangeTracker.Clear();
            stored = await db.Settings.AsNoTracking().Where(s => s.Key == Key).Select(s => s.Value).FirstAsync(cancellationToken).ConfigureAwait(false);
        }

        token = stored;
        return stored;
    }

    /// <summary>Constant-time comparison of a presented token.</summary>
    public async Task<bool> IsValidAsync(string presented, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var expected = await GetAsync(cancellationToken).ConfigureAwait(false);
        return CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(presented), System.Text.Encoding.UTF8.GetBytes(expected));
    }
}
