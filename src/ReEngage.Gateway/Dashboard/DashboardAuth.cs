using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Security;

namespace ReEngage.Gateway.Dashboard;

/// <summary>Dashboard sign-in: cookie authentication, roles, and the rules for the API when a browser calls it.</summary>
internal static class DashboardAuth
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string StampClaim = "reengage:stamp";
    public const string Viewer = "viewer";
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Technician = "technician";

    public static IServiceCollection AddDashboardAuth(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/logout";
            cookie.AccessDeniedPath = "/denied";
            cookie.Cookie.Name = "reengage.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
            cookie.Events = new CookieAuthenticationEvents
            {
                // A browser calling the API or the hub gets 401/403, not a login page.
                OnRedirectToLogin = context => ApiOr(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => ApiOr(context, StatusCodes.Status403Forbidden),
                OnValidatePrincipal = ValidateStampAsync,
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Viewer, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser())
            .AddPolicy(Admin, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(DashboardRole.Admin)))
            .AddPolicy(Operator, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(DashboardRole.Admin), nameof(DashboardRole.Operator)))
            .AddPolicy(Technician, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(DashboardRole.Admin), nameof(DashboardRole.Technician)));
        services.AddSingleton<IAuthorizationHandler, ApiAccessHandler>();
        services.AddAntiforgery(options => options.HeaderName = "X-CSRF-TOKEN");
        services.AddScoped<IPasswordHasher<DashboardUser>, PasswordHasher<DashboardUser>>();
        services.AddScoped<DashboardUsers>();
        return services;
    }

    /// <summary>
    /// The dashboard's own pages call the API with the session cookie: such calls that change something
    /// must carry the antiforgery token (an API key caller is not a browser and needs none).
    /// </summary>
    public static IApplicationBuilder UseApiAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // The hub is left out: SignalR's negotiate cannot carry the header, and the session cookie is
        // SameSite=Strict, so another site cannot ride on it anyway.
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api")
            && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
            && Api.ApiKeyAuthentication.KeyFrom(request) is null
            && await context.AuthenticateAsync(Scheme) is { Succeeded: true } session)
        {
            // The token was issued to the signed-in user: validate it against that user, not the API key scheme's anonymous one.
            var anonymous = context.User;
            context.User = session.Principal!;
            try
            {
                await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
            }
            catch (AntiforgeryValidationException)
            {
                await Results.Problem(statusCode: 400, title: "Missing antiforgery token", detail: "Reload the page and try again.").ExecuteAsync(context);
                return;
            }
            finally
            {
                context.User = anonymous;
            }
        }

        await next(context);
    });

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
        {
            // The API key scheme may have answered already (with its problem details).
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = status;
            }

            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static async Task ValidateStampAsync(CookieValidatePrincipalContext context)
    {
        // A removed user, or one whose password or role changed, is signed out at their next request.
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(StampClaim);
        var db = context.HttpContext.RequestServices.GetRequiredService<GatewayDbContext>();
        var valid = int.TryParse(id, out var userId)
            && await db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.SecurityStamp == stamp, context.HttpContext.RequestAborted);
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}

/// <summary>The "api" policy's requirement: API keys may do everything; dashboard users what their role allows.</summary>
internal sealed class ApiAccessRequirement : IAuthorizationRequirement;

internal sealed class ApiAccessHandler : AuthorizationHandler<ApiAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiAccessRequirement requirement)
    {
        // Another node forwarding a modem action has authorised its caller already.
        if (context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType is Api.ApiKeyAuthentication.SchemeName or Fleet.FleetNodeAuthentication.SchemeName))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var http = context.Resource as HttpContext;
        if (http is null || !context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == DashboardAuth.Scheme))
        {
            return Task.CompletedTask;
        }

        var method = http.Request.Method;
        var path = http.Request.Path;
        string[] allowed = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || path.StartsWithSegments("/hubs")
            ? [nameof(DashboardRole.Admin), nameof(DashboardRole.Operator), nameof(DashboardRole.Technician)]
            : path.StartsWithSegments("/api/v1/modems") ? [nameof(DashboardRole.Admin), nameof(DashboardRole.Technician)]
            : path.StartsWithSegments("/api/v1/webhooks") || path.StartsWithSegments("/api/v1/keys") || path.StartsWithSegments("/api/v1/users") || path.StartsWithSegments("/api/v1/settings") ? [nameof(DashboardRole.Admin)]
            : path.StartsWithSegments("/api/v1/simulation") ? [nameof(DashboardRole.Admin), nameof(DashboardRole.Technician), nameof(DashboardRole.Operator)]
            : [nameof(DashboardRole.Admin), nameof(DashboardRole.Operator)];

        // Reading the API keys, the users and the whole database (backup) is for admins only, too.
        if ((path.StartsWithSegments("/api/v1/keys") || path.StartsWithSegments("/api/v1/users") || path.StartsWithSegments("/api/v1/backup")) && !context.User.IsInRole(nameof(DashboardRole.Admin)))
        {
            return Task.CompletedTask;
        }

        if (allowed.Any(context.User.IsInRole))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
