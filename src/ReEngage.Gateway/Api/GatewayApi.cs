using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Prometheus;
using ReEngage.Gateway.Dashboard;
using ReEngage.Gateway.Localization;
using Scalar.AspNetCore;

namespace ReEngage.Gateway.Api;

/// <summary>Registers and maps the HTTP API v1, the hub, health, metrics and the OpenAPI document.</summary>
internal static class GatewayApi
{
    public static IServiceCollection AddGatewayApi(this IServiceCollection services)
    {
        services.AddProblemDetails();

        // A query value of the wrong type (after=abc) is a 400 with the parameter named in its errors, in
        // every environment: thrown by the framework and answered by BadRequestProblems.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblems>();
        services.AddMemoryCache();
        services.AddApiRateLimiting();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        });
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, Fleet.FleetNodeAuthentication>(Fleet.FleetNodeAuthentication.SchemeName, null);
        services.AddHttpClient(Fleet.ModemForwarding.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(40));
        services.AddAuthorizationBuilder().AddApiPolicies();
        services.AddDashboard();
        services.AddSignalR();
        services.AddHostedService<HubBroadcaster>();
        services.AddGatewayOpenApi();
        services.AddSingleton<GatewayPrometheus>();
        services.AddSingleton<Eta>();
        services.AddSingleton<Core.IGatewayMetrics>(sp => sp.GetRequiredService<GatewayPrometheus>());
        return services;
    }

    public static WebApplication MapGatewayApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Static files for the dashboard only: an API request never pays for a file-system lookup.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/hubs"), branch => branch.UseStaticFiles());
        app.UseDashboardLocalization();
        app.UseAuthentication();
        app.UseApiAntiforgery();
        app.UseAuthorization();
        // Counted where the key's request arrives, before a modem action is forwarded to the node that owns the modem.
        app.UseApiRateLimiting();
        app.UseMiddleware<Fleet.ModemForwarding>();
        app.UseHttpMetrics(http => http.SetMetricFactory(Metrics.WithCustomRegistry(app.Services.GetRequiredService<GatewayPrometheus>().Registry)));
        SystemApi.RegisterScrapeCallback(app.Services);

        // Each resource's group names the policy for its changes (ApiPolicies); reads are open to every role.
        var api = app.MapGroup("/api/v1").RequireAuthorization(ApiPolicies.Signed).RefusesStrangers();
        api.MapGroup(string.Empty).RequireAuthorization(ApiPolicies.Operate)
            .MapMessages().MapLegacySend().MapInbound().MapContacts().MapMarketing().MapResults().MapCharts()
            .MapStats().MapSms().MapKeys().MapSmppAccounts().MapUsers().MapBackup().MapSettings().MapKeywordSettings().MapOptOuts();
        api.MapGroup(string.Empty).RequireAuthorization(ApiPolicies.Modems).MapModems().MapNodes();
        api.MapGroup(string.Empty).RequireAuthorization(ApiPolicies.Administer).MapWebhooks();
        api.MapGroup(string.Empty).RequireAuthorization(ApiPolicies.Simulate).MapSimulation();
        app.MapPublicPages();
        app.MapSystem();
        app.MapHub<GatewayHub>("/hubs/gateway").RequireAuthorization(ApiPolicies.Signed);
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/scalar", scalar => scalar.WithTitle("ReEngage Gateway API")).AllowAnonymous();
        app.MapRazorPages();
        return app;
    }
}
