using System.Globalization;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>ISO 4217 codes as the platform knows them (every region's currency).</summary>
public static class Currencies
{
    private static readonly HashSet<string> Codes = [.. CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => { try { return new RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
        .OfType<string>().Where(c => c.Length == 3)];

    public static bool IsCode(string? code) => code is { Length: 3 } && Codes.Contains(code.ToUpperInvariant());
}
