using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;

namespace ReEngage.Gateway.Localization;

/// <summary>
/// The dashboard's language: ASP.NET Core localization over resource files, the culture picked in the
/// dashboard (a cookie) first, then the browser's Accept-Language, then English. The API is left out:
/// its JSON is for machines, and its numbers and texts must not change with a caller's header.
/// </summary>
internal static class DashboardLocalization
{
    private static readonly ConcurrentDictionary<string, string> Scripts = new(StringComparer.Ordinal);

    /// <summary>Changes with every build, so a browser never keeps an old translation (see <see cref="ScriptUrl"/>).</summary>
    private static readonly string Version = typeof(DashboardText).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    public static IServiceCollection AddDashboardLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.TryAddSingleton<MissingTexts>();
        services.TryAddSingleton<ResourceManagerStringLocalizerFactory>();
        services.RemoveAll<IStringLocalizerFactory>();
        services.AddSingleton<IStringLocalizerFactory, RecordingStringLocalizerFactory>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(DashboardCultures.Default);
            options.SupportedCultures = DashboardCultures.All;
            options.SupportedUICultures = DashboardCultures.All;
            // it-IT, it-CH → it: the resources are per language, the formats follow the language too.
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = DashboardCultures.CookieName },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary>Sets each dashboard request's culture (the scripts' texts are the page <c>/i18n/{culture}.js</c>, Pages/TextScript).</summary>
    public static WebApplication UseDashboardLocalization(this WebApplication app)
    {
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/hubs"),
            branch => branch.UseRequestLocalization());
        return app;
    }

    /// <summary>Where a page loads its scripts' texts from, for the request's language.</summary>
    public static string ScriptUrl(CultureInfo culture) => $"/i18n/{culture.Name.ToLowerInvariant()}.js?v={Version}";

    /// <summary>Every text in <paramref name="culture"/>, English where the translation has none, as <c>window.RE_TEXT</c>; the same for a build, so kept.</summary>
    public static string Script(IStringLocalizer localizer, CultureInfo culture) => Scripts.GetOrAdd(culture.Name, _ => Render(localizer, culture));

    /// <summary>Whether <paramref name="version"/> is this build's, so the script can be cached for good.</summary>
    public static bool IsCurrent(string? version) => version == Version;

    private static string Render(IStringLocalizer localizer, CultureInfo culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            var texts = localizer.GetAllStrings(includeParentCultures: true).ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
            return $"window.RE_TEXT = {JsonSerializer.Serialize(texts)};\n";
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
