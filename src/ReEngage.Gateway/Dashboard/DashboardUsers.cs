using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Security;
using ReEngage.Gateway.Hosting;

namespace ReEngage.Gateway.Dashboard;

/// <summary>Dashboard users: the first-run setup, sign-in with lock-out, and user management.</summary>
internal sealed class DashboardUsers(GatewayDbContext db, IPasswordHasher<DashboardUser> hasher, TimeProvider time, Microsoft.Extensions.Options.IOptions<Core.GatewayOptions> options)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockOut = TimeSpan.FromMinutes(15);

    public Task<bool> AnyAsync(CancellationToken cancellationToken) => db.Users.AnyAsync(cancellationToken);

    /// <summary>Field errors for a new user name and password.</summary>
    public static Dictionary<string, string> Check(string? userName, string? password)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(userName) || userName.Trim().Length > 64 || userName.Any(char.IsWhiteSpace))
        {
            errors["userName"] = "A user name is 1–64 characters without spaces.";
        }

        if (password is not { Length: >= 10 and <= 200 })
        {
            errors["password"] = "The password needs at least 10 characters.";
        }

        return errors;
    }

    /// <summary>Creates the first admin with the one-time setup code. Errors by field.</summary>
    public async Task<(DashboardUser? User, Dictionary<string, string> Errors)> SetupAsync(string? code, string? userName, string? password, CancellationToken cancellationToken)
    {
        var errors = Check(userName, password);
        if (await db.Users.AnyAsync(cancellationToken))
        {
            errors["code"] = "Setup is done already: sign in instead.";
            return (null, errors);
        }

        var stored = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == SetupKeys.CodeHash, cancellationToken);
        var given = Convert.ToHexString(ApiKey.HashOf((code ?? string.Empty).Trim()));
        if (stored is null || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(stored.Value), System.Text.Encoding.ASCII.GetBytes(given)))
        {
            errors["code"] = "That is not the setup code printed on the gateway's console at start (reengage setup-code prints it on the box).";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var user = await CreateAsync(userName!, password!, DashboardRole.Admin, cancellationToken);
        db.Settings.Add(new GatewaySetting { Key = SetupKeys.Completed, Value = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
        await db.Settings.Where(s => s.Key == SetupKeys.CodeHash).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        SetupCodeFile.Delete(options.Value.DataDirectory);
        return (user, []);
    }

    public async Task<DashboardUser> CreateAsync(string userName, string password, DashboardRole role, CancellationToken cancellationToken)
    {
        var user = new DashboardUser { UserName = userName.Trim().ToLowerInvariant(), Role = role, PasswordHash = string.Empty, SecurityStamp = NewStamp(), CreatedAt = time.GetUtcNow() };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>Checks a sign-in; counts failures and locks the account for a while after too many.</summary>
    public async Task<(DashboardUser? User, DashboardMessage? Error)> SignInAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        var name = (userName ?? string.Empty).Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.UserName == name, cancellationToken);
        var now = time.GetUtcNow();
        if (user is null)
        {
            // Same work and the same answer as a wrong password: no probing for user names.
            hasher.HashPassword(new DashboardUser { UserName = name, PasswordHash = string.Empty, SecurityStamp = string.Empty }, password ?? string.Empty);
            return (null, new("Wrong user name or password."));
        }

        if (user.LockedUntil is { } until && until > now)
        {
            return (null, new("Too many failed attempts: the account is locked until {0}.", until.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture)));
        }

        if (hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? string.Empty) == PasswordVerificationResult.Failed)
        {
            user.FailedLogins++;
            if (user.FailedLogins >= MaxFailures)
            {
                user.LockedUntil = now + LockOut;
                user.FailedLogins = 0;
            }

            await db.SaveChangesAsync(cancellationToken);
            return (null, user.LockedUntil > now ? new("Too many failed attempts: the account is locked for {0} minutes.", LockOut.TotalMinutes) : new("Wrong user name or password."));
        }

        user.FailedLogins = 0;
        user.LockedUntil = null;
        user.LastLoginAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return (user, null);
    }

    public static ClaimsPrincipal Principal(DashboardUser user) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.UserName),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
            new Claim(DashboardAuth.StampClaim, user.SecurityStamp),
        ],
        DashboardAuth.Scheme));

    public static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
