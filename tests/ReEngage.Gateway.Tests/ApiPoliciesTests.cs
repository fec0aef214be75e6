using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Api;

namespace ReEngage.Gateway.Tests;

/// <summary>Who may read and change what through each route group's policy: API keys everything, dashboard users by role.</summary>
public sealed class ApiPoliciesTests : IClassFixture<ApiPoliciesTests.Gateway>
{
    private readonly IAuthorizationService authorization;

    public ApiPoliciesTests(Gateway fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
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

    public sealed class Gateway : IDisposable
    {
        public GatewayFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }
}
