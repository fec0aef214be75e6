using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Security;

namespace ReEngage.Gateway.Api;

/// <summary>Authorization: Bearer &lt;key&gt; or X-Api-Key: &lt;key&gt;; keys are compared by their SHA-256 hash.</summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    GatewayDbContext db,
    IMemoryCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = KeyFrom(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        var hash = ApiKey.HashOf(key);
        var cacheKey = CacheKey(hash);
        if (!cache.TryGetValue(cacheKey, out string? name))
        {
            name = await db.ApiKeys.AsNoTracking().Where(k => k.Hash == hash && k.RevokedAt == null).Select(k => k.Name).FirstOrDefaultAsync(Context.RequestAborted);
            // Short cache: a revoked key stops working within seconds, without a query per request.
            cache.Set(cacheKey, name, TimeSpan.FromSeconds(10));
        }

        if (name is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, "integrator")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            statusCode: 401,
            title: "Unauthorized",
            detail: KeyFrom(Request) is null ? "Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'." : "The API key is unknown or revoked.").ExecuteAsync(Context);
    }

    internal static string CacheKey(byte[] hash) => "apikey:" + Convert.ToHexString(hash);

    internal static string? KeyFrom(HttpRequest request)
    {
        if (request.Headers.Authorization.ToString() is { Length: > 7 } authorization && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization[7..].Trim();
        }

        if (request.Headers["X-Api-Key"].ToString() is { Length: > 0 } header)
        {
            return header.Trim();
        }

        // Browsers cannot set headers on WebSockets or EventSource: SignalR clients pass the key as the
        // standard access_token query parameter. Only on the hub, so keys stay out of other URLs (and logs).
        if (request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase) && request.Query["access_token"].ToString() is { Length: > 0 } token)
        {
            return token.Trim();
        }

        return null;
    }
}
