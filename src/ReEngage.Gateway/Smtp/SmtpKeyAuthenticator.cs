using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Security;
using SmtpServer;
using SmtpServer.Authentication;

namespace ReEngage.Gateway.Smtp;

/// <summary>
/// SMTP AUTH (PLAIN or LOGIN) with one of the gateway's API keys as the password, checked as the HTTP API checks
/// it (SHA-256 hash, not revoked). The user name is free: devices insist on one, and it is only logged.
/// </summary>
internal sealed class SmtpKeyAuthenticator(IServiceScopeFactory scopes, SmtpMetrics metrics, ILogger<SmtpKeyAuthenticator> logger) : IUserAuthenticator
{
    /// <summary>The session property holding the name of the key that authenticated (for the logs and the message source).</summary>
    public const string KeyName = "reengage:key";

    public async Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(password))
        {
            metrics.Refused("authentication");
            SmtpLog.AuthenticationFailed(logger, user ?? "");
            return false;
        }

        var hash = ApiKey.HashOf(password);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var name = await db.ApiKeys.AsNoTracking().Where(k => k.Hash == hash && k.RevokedAt == null).Select(k => k.Name).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (name is null)
        {
            metrics.Refused("authentication");
            SmtpLog.AuthenticationFailed(logger, user ?? "");
            return false;
        }

        context.Properties[KeyName] = name;
        return true;
    }
}
