using ReEngage.Gateway.Localization;

namespace ReEngage.Gateway.Dashboard;

/// <summary>The embedded dashboard: Razor Pages served by the gateway itself, no build step on the device.</summary>
internal static class DashboardSetup
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddDashboardAuth();
        services.AddDashboardLocalization();
        services.AddSingleton<SetupCode>();
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/", DashboardAuth.Viewer);
            pages.Conventions.AllowAnonymousToPage("/Login");
            pages.Conventions.AllowAnonymousToPage("/Setup");
            pages.Conventions.AllowAnonymousToPage("/Denied");
            pages.Conventions.AllowAnonymousToPage("/Language");
            pages.Conventions.AllowAnonymousToPage("/TextScript");
            pages.Conventions.AuthorizeFolder("/Settings", DashboardAuth.Admin);
            pages.Conventions.AuthorizePage("/SetupBusiness", DashboardAuth.Admin);
            pages.Conventions.AddPageRoute("/Campaigns/Edit", "campaigns/new");
        });
        return services;
    }
}

/// <summary>The current one-time setup code (null once an admin exists), and the wrong tries against it.</summary>
internal sealed class SetupCode
{
    /// <summary>Wrong codes allowed before setup pauses: the code has 10^8 values, this keeps guessing hopeless.</summary>
    public const int MaxFailures = 10;

    private readonly Lock gate = new();
    private int failures;
    private DateTimeOffset pausedUntil;

    public string? Current { get; set; }

    /// <summary>Null when a try is allowed now; otherwise until when setup is paused.</summary>
    public DateTimeOffset? PausedUntil(DateTimeOffset now)
    {
        lock (gate)
        {
            return pausedUntil > now ? pausedUntil : null;
        }
    }

    public void Failed(DateTimeOffset now)
    {
        lock (gate)
        {
            if (++failures >= MaxFailures)
            {
                failures = 0;
                pausedUntil = now.AddMinutes(15);
            }
        }
    }
}
