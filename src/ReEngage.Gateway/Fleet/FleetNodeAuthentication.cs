using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Fleet;

namespace ReEngage.Gateway.Fleet;

/// <summary>Another node of the fleet forwarding a modem action: X-ReEngage-Node-Token with the fleet's shared token.</summary>
internal sealed class FleetNodeAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    FleetSecret secret) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "FleetNode";
    public const string TokenHeader = "X-ReEngage-Node-Token";
    public const string FromHeader = "X-ReEngage-Forwarded-By";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers[TokenHeader].ToString() is not { Length: > 0 } token)
        {
            return AuthenticateResult.NoResult();
        }

        if (!await secret.IsValidAsync(token, Context.RequestAborted))
        {
            return AuthenticateResult.Fail("Unknown fleet node token.");
        }

        var node = Request.Headers[FromHeader].ToString() is { Length: > 0 and <= 64 } from ? from : "node";
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, node), new Claim(ClaimTypes.Role, "node")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    // The API's policy challenges every scheme it names: the API key's challenge has already answered 401 with
    // a problem body, and setting the status again after it would throw.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Response.HasStarted ? Task.CompletedTask : base.HandleChallengeAsync(properties);
}
