using System.Globalization;
using ReEngage.Gateway.Cli.Doctor;

namespace ReEngage.Gateway.Cli.Tests;

/// <summary>The CLI speaks the terminal's language (LANG → CurrentUICulture): Italian complete, English otherwise.</summary>
public sealed class CliLanguageTests
{
    private static readonly Finding[] Findings =
    [
        Finding.Ok("clock", null, "2026-05-16 10:00 UTC, synchronised by NTP"),
        Finding.Warn("disk", "/var/lib/reengage", "91 % used", "Free some space."),
    ];

    [Fact]
    public void Doctor_SpeaksItalian_UnderAnItalianLang()
    {
        var text = InCulture("it-IT", () => DoctorCommand.Text(Findings));

        Assert.Contains("AVVISO", text, StringComparison.Ordinal);
        Assert.Contains("soluzione: Free some space.", text, StringComparison.Ordinal);
        Assert.Contains("0 errori, 1 avvisi, 1 ok", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_StaysEnglish_UnderCOrAnUntranslatedLanguage()
    {
        foreach (var culture in new[] { "", "de-DE" })
        {
            var text = InCulture(culture, () => DoctorCommand.Text(Findings));
            Assert.Contains("WARNING  disk", text, StringComparison.Ordinal);
            Assert.Contains("fix: Free some space.", text, StringComparison.Ordinal);
            Assert.Contains("0 failure(s), 1 warning(s), 1 ok", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ItalianResources_HaveEveryEnglishText()
    {
        Assert.Equal(CliResources.Read(string.Empty).Keys.Order(StringComparer.Ordinal), CliResources.Read("it").Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryMessageTheSourcesAskFor_HasAnEnglishEntry_AndNoEntryIsLeftOver()
    {
        var used = CliResources.UsedKeys();
        var english = CliResources.Read(string.Empty);

        Assert.True(used.Count > 200, $"only {used.Count} CliText.Get(\"…\") calls found: is the scan still reading the sources?");
        Assert.Empty(used.Where(k => !english.ContainsKey(k)).Order(StringComparer.Ordinal));
        Assert.Empty(english.Keys.Where(k => !used.Contains(k)).Order(StringComparer.Ordinal));
        Assert.All(english, e => Assert.Equal(e.Key, e.Value));
    }

    [Fact]
    public void ItalianTexts_KeepTheEnglishPlaceholders()
    {
        var italian = CliResources.Read("it");
        Assert.All(CliResources.Read(string.Empty), e => Assert.Equal(CliResources.Placeholders(e.Value), CliResources.Placeholders(italian[e.Key])));
    }

    private static string InCulture(string name, Func<string> action)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
