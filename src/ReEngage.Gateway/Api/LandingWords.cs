using System.Globalization;

namespace ReEngage.Gateway.Api;

/// <summary>The few fixed words of a landing page, in the contact's language; English for the others.</summary>
internal sealed record LandingWords(string YourCode, string ValidUntil, string Continue)
{
    private static readonly Dictionary<string, LandingWords> ByLanguage = new(StringComparer.Ordinal)
    {
        ["en"] = new("Your code", "valid until {0}", "Continue"),
        ["it"] = new("Il tuo codice", "valido fino al {0}", "Continua"),
        ["de"] = new("Ihr Code", "gültig bis {0}", "Weiter"),
        ["fr"] = new("Votre code", "valable jusqu'au {0}", "Continuer"),
        ["es"] = new("Tu código", "válido hasta el {0}", "Continuar"),
        ["pt"] = new("O seu código", "válido até {0}", "Continuar"),
        ["nl"] = new("Uw code", "geldig tot {0}", "Verder"),
        ["ro"] = new("Codul tău", "valabil până la {0}", "Continuă"),
    };

    public static LandingWords For(CultureInfo culture) =>
        ByLanguage.TryGetValue(culture?.TwoLetterISOLanguageName ?? "en", out var words) ? words : ByLanguage["en"];
}
