using System.Globalization;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>The culture a contact's texts and landing page are written in: theirs, else the business's, else English.</summary>
public static class MarketingCulture
{
    // ICU makes up a culture for any well-formed tag ("xx-unknown"); only languages it really knows count.
    private static readonly HashSet<string> Known = [.. CultureInfo.GetCultures(CultureTypes.NeutralCultures).Select(c => c.Name).Where(n => n.Length > 0)];

    public static CultureInfo For(string? contactLanguage, string? businessLanguage)
    {
        foreach (var tag in new[] { contactLanguage, businessLanguage })
        {
            if (tag is { Length: > 0 and <= 35 })
            {
                try
                {
                    var culture = CultureInfo.GetCultureInfo(tag);
                    if (Known.Contains(culture.TwoLetterISOLanguageName))
                    {
                        return culture;
                    }
                }
                catch (CultureNotFoundException)
                {
                    // Try the next one.
                }
            }
        }

        return CultureInfo.GetCultureInfo("en");
    }
}
