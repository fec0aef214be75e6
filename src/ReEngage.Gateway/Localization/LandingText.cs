using System.Globalization;
using System.Resources;

namespace ReEngage.Gateway.Localization;

/// <summary>
/// The few fixed words of the pages a contact opens (landing page, missing link), in a given culture:
/// LandingText.resx is English, LandingText.{language}.resx the others. The culture is the contact's, not
/// the request's (a contact's phone may be set to anything), so this reads the resources for a culture
/// it is handed rather than through the request's localizer.
/// </summary>
internal static class LandingText
{
    private static readonly ResourceManager Resources = new(typeof(LandingText).FullName!, typeof(LandingText).Assembly);

    /// <summary>The text for <paramref name="key"/> in <paramref name="culture"/>, else its parent's, else English.</summary>
    public static string Get(string key, CultureInfo culture) =>
        Resources.GetString(key, culture) ?? throw new KeyNotFoundException($"LandingText.resx has no entry '{key}'.");

    /// <summary>The language the page is written in: the culture's when a translation exists, else English (for &lt;html lang&gt;).</summary>
    public static string LanguageOf(CultureInfo culture)
    {
        for (var c = culture; c.Name.Length > 0; c = c.Parent)
        {
            if (Resources.GetResourceSet(c, createIfNotExists: true, tryParents: false) is not null)
            {
                return c.Name;
            }
        }

        return "en";
    }
}
