using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Api;

namespace ReEngage.Gateway.Tests;

/// <summary>Who may read and change what through each route group's policy (API keys everything, dashboard users by role), and that every route carries its resource's policy.</summary>
public sealed class ApiPoliciesTests : IClassFixture<ApiPoliciesTests.Gateway>
{
    private readonly IAuthorizationService authorization;
    private readonly Gateway fixture;

    public ApiPoliciesTests(Gateway fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        this.fixture = fixture;
        authorization = fixture.Factory.Services.GetRequiredService<IAuthorizationService>();
    }

    [Theory]
    [InlineData("Operator", ApiPolicies.Operate, "POST", true)]
    [InlineData("Technician", ApiPolicies.Operate, "POST", false)]
    [InlineData("Technician", ApiPolicies.Operate, "GET", true)]
    [InlineData("Technician", ApiPolicies.Modems, "POST", true)]
    [InlineData("Operator", ApiPolicies.Modems, "POST", false)]
    [InlineData("Operator", ApiPolicies.Modems, "GET", true)]
    [InlineData("Operator", ApiPolicies.Administer, "POST", false)]
    [InlineData("Operator", ApiPolicies.Administer, "GET", true)]
    [InlineData("Admin", ApiPolicies.Administer, "DELETE", true)]
    [InlineData("Operator", ApiPolicies.AdminOnly, "GET", false)]
    [InlineData("Technician", ApiPolicies.AdminOnly, "GET", false)]
    [InlineData("Admin", ApiPolicies.AdminOnly, "POST", true)]
    [InlineData("Technician", ApiPolicies.Simulate, "POST", true)]
    [InlineData("Operator", ApiPolicies.Simulate, "POST", true)]
    public async Task ADashboardUser_IsAllowed_WhatTheirRoleMayDoInTheGroup(string role, string policy, string method, bool allowed)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "someone"), new Claim(ClaimTypes.Role, role)], Dashboard.DashboardAuth.Scheme));
        var result = await authorization.AuthorizeAsync(user, new DefaultHttpContext { Request = { Method = method } }, policy);
        Assert.Equal(allowed, result.Succeeded);
    }

    [Theory]
    [InlineData(ApiPolicies.AdminOnly, "DELETE")]
    [InlineData(ApiPolicies.Modems, "POST")]
    [InlineData(ApiPolicies.Operate, "PUT")]
    public async Task AnApiKey_MayDoEverything(string policy, string method)
    {
        var key = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "webshop"), new Claim(ClaimTypes.Role, "integrator")], ApiKeyAuthentication.SchemeName));
        Assert.True((await authorization.AuthorizeAsync(key, new DefaultHttpContext { Request = { Method = method } }, policy)).Succeeded);
    }

    /// <summary>
    /// The policy each /api/v1 route must carry, by resource, written from the roles the README promises
    /// (admins: keys, users, backup; admins change webhooks and settings; technicians change modems; the
    /// simulator for everyone; operators the rest) — not read from where the code maps them.
    /// </summary>
    private static string ExpectedPolicy(string method, string route) => route switch
    {
        _ when route.StartsWith("/api/v1/keys", StringComparison.Ordinal) || route.StartsWith("/api/v1/users", StringComparison.Ordinal) || route == "/api/v1/backup" => ApiPolicies.AdminOnly,
        _ when route.StartsWith("/api/v1/webhooks", StringComparison.Ordinal) => ApiPolicies.Administer,
        "/api/v1/settings" when method != "GET" => ApiPolicies.Administer,
        _ when route.StartsWith("/api/v1/modems", StringComparison.Ordinal) || route.StartsWith("/api/v1/nodes", StringComparison.Ordinal) => ApiPolicies.Modems,
        _ when route.StartsWith("/api/v1/simulation", StringComparison.Ordinal) => ApiPolicies.Simulate,
        _ => ApiPolicies.Operate,
    };

    // The one /api/v1 route open without a policy: devices that can only call a URL send their key in the query (checked by the handler).
    private static readonly HashSet<string> Anonymous = ["GET /api/v1/send"];

    [Fact]
    public void EveryApiRoute_CarriesThePolicyOfItsResource()
    {
        var endpoints = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => (Method: m, Route: "/" + e.RoutePattern.RawText!.TrimStart('/'), Endpoint: e)))
            .ToList();
        Assert.True(endpoints.Count > 90, $"only {endpoints.Count} /api/v1 routes found");

        var wrong = new List<string>();
        foreach (var (method, route, endpoint) in endpoints)
        {
            var name = $"{method} {route}";
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToHashSet();
            if (Anonymous.Contains(name))
            {
                if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
                {
                    wrong.Add($"{name}: expected open to a key in the query");
                }

                continue;
            }

            // Every policy on a route applies (they are combined), so the resource's must be among them, with
            // the signed-in base policy and no AllowAnonymous that would switch them all off.
            var expected = ExpectedPolicy(method, route);
            if (!policies.Contains(expected) || !policies.Contains(ApiPolicies.Signed) || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                wrong.Add($"{name}: expected {expected}, has {string.Join(", ", policies)}{(endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null ? "" : " and AllowAnonymous")}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    public sealed class Gateway : IDisposable
    {
        public GatewayFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }
}
