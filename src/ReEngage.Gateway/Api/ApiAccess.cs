using Microsoft.AspNetCore.Authorization;
using ReEngage.Gateway.Core.Security;

namespace ReEngage.Gateway.Api;

/// <summary>
/// The API's authorization policies, one per kind of route group: an API key may do everything; a
/// dashboard user reads what the group's readers may and changes what its writers may. Each group names
/// its policy where it is mapped, so a new route inherits its resource's rule instead of a URL table's.
/// </summary>
internal static class ApiPolicies
{
    /// <summary>Any API key or signed-in dashboard user, whatever the method (the base group and the hub).</summary>
    public const string Signed = "api";

    /// <summary>Reads for every role; changes for admins and operators (messages, contacts, marketing).</summary>
    public const string Operate = "api.operate";

    /// <summary>Reads for every role; changes for admins and technicians (modems).</summary>
    public const string Modems = "api.modems";

    /// <summary>Reads for every role; changes for admins (webhooks, settings).</summary>
    public const string Administer = "api.administer";

    /// <summary>Reads and changes for admins only (API keys, users, the database backup).</summary>
    public const string AdminOnly = "api.admin-only";

    /// <summary>Reads and changes for every role (the simulator is a training tool).</summary>
    public const string Simulate = "api.simulate";

    private static readonly DashboardRole[] Everyone = [DashboardRole.Admin, DashboardRole.Operator, DashboardRole.Technician];

    public static AuthorizationBuilder AddApiPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Signed, Rule(Everyone, Everyone))
        .AddPolicy(Operate, Rule(Everyone, [DashboardRole.Admin, DashboardRole.Operator]))
        .AddPolicy(Modems, Rule(Everyone, [DashboardRole.Admin, DashboardRole.Technician]))
        .AddPolicy(Administer, Rule(Everyone, [DashboardRole.Admin]))
        .AddPolicy(AdminOnly, Rule([DashboardRole.Admin], [DashboardRole.Admin]))
        .AddPolicy(Simulate, Rule(Everyone, Everyone));

    private static Action<AuthorizationPolicyBuilder> Rule(DashboardRole[] readers, DashboardRole[] writers) => policy => policy
        .AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName, Dashboard.DashboardAuth.Scheme, Fleet.FleetNodeAuthentication.SchemeName)
        .RequireAuthenticatedUser()
        .AddRequirements(new ApiAccessRequirement(readers, writers));
}

/// <summary>Which dashboard roles may read (GET, HEAD) and which may change something through a group's routes.</summary>
internal sealed record ApiAccessRequirement(IReadOnlyList<DashboardRole> Readers, IReadOnlyList<DashboardRole> Writers) : IAuthorizationRequirement;

/// <summary>API keys (and fleet nodes forwarding an authorised action) pass every requirement; a dashboard user passes when their role is among the method's roles.</summary>
internal sealed class ApiAccessHandler : AuthorizationHandler<ApiAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiAccessRequirement requirement)
    {
        // Another node forwarding a modem action has authorised its caller already.
        if (context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType is ApiKeyAuthentication.SchemeName or Fleet.FleetNodeAuthentication.SchemeName))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var http = context.Resource as HttpContext;
        if (http is null || !context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == Dashboard.DashboardAuth.Scheme))
        {
            return Task.CompletedTask;
        }

        var method = http.Request.Method;
        var roles = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? requirement.Readers : requirement.Writers;
        if (roles.Any(role => context.User.IsInRole(role.ToString())))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
