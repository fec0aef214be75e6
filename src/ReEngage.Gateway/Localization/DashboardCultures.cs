using System.Globalization;

namespace ReEngage.Gateway.Localization;

/// <summary>
/// The languages the dashboard offers. Adding one is a DashboardText.{culture}.resx (strings it leaves out
/// stay English) and its name here; a test checks that this list and the resource files agree.
/// </summary>
internal static class DashboardCultures
{
    /// <summary>English: the neutral resources, and the language when nothing else is asked for.</summary>
    public const string Default = "en";

    /// <summary>The cookie that keeps the language picked in the dashboard (it wins over the browser's Accept-Language).</summary>
    public const string CookieName = "reengage.language";

    public static readonly IReadOnlyList<string> Supported = [Default, "it", "ro"];

    public static IList<CultureInfo> All { get; } = [.. Supported.Select(CultureInfo.GetCultureInfo)];

    public static bool IsSupported(string? culture) => culture is not null && Supported.Contains(culture, StringComparer.OrdinalIgnoreCase);

    /// <summary>The language's own name, as the picker shows it to people who may read no other ("Italiano", "Română").</summary>
    public static string NativeName(CultureInfo culture) =>
        culture.NativeName.Length == 0 ? culture.Name : char.ToUpper(culture.NativeName[0], culture) + culture.NativeName[1..];
}
