namespace ReEngage.Gateway.Dashboard;

/// <summary>The embedded dashboard: Razor Pages served by the gateway itself, no build step on the device.</summary>
internal static class DashboardSetup
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddDashboardAuth();
        services.AddSingleton<SetupCode>();
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/", DashboardAuth.Viewer);
            pages.Conventions.AllowAnonymousToPage("/Login");
            pages.Conventions.AllowAnonymousToPage("/Setup");
            pages.Conventions.AllowAnonymousToPage("/Denied");
            pages.Conventions.AuthorizeFolder("/Settings", DashboardAuth.Admin);
        });
        return services;
    }
}

/// <summary>The current one-time setup code (null once an admin exists), for the console line and scripted tests.</summary>
internal sealed class SetupCode
{
    public string? Current { get; set; }
}
