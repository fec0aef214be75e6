using System.Text.RegularExpressions;
using ReEngage.Gateway.Localization;

namespace ReEngage.Gateway.Tests.Localization;

/// <summary>The resource files against each other and against the pages: Italian complete, the others partial, nothing shown that has no entry.</summary>
public sealed partial class LocalizationResourceTests
{
    private static readonly Dictionary<string, string> English = ResourceFiles.Read("DashboardText");

    [Fact]
    public void Italian_HasEveryEnglishText_AndNoOther()
    {
        var italian = ResourceFiles.Read("DashboardText", "it");

        Assert.Empty(English.Keys.Except(italian.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(italian.Keys.Except(English.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(italian.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key));
    }

    [Fact]
    public void NoTwoKeys_DifferOnlyInCase()
    {
        // The resource compiler keeps one of them (warning MSB3568) and the other falls back to English.
        Assert.Empty(English.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)));
    }

    [Fact]
    public void EveryTranslation_OnlyHoldsEnglishKeys_WithTheSamePlaceholders()
    {
        foreach (var culture in ResourceFiles.Cultures("DashboardText"))
        {
            foreach (var (key, value) in ResourceFiles.Read("DashboardText", culture))
            {
                Assert.True(English.TryGetValue(key, out var english), $"DashboardText.{culture}.resx has '{key}', which DashboardText.resx does not");
                Assert.True(Placeholders(english).SetEquals(Placeholders(value)), $"DashboardText.{culture}.resx: '{value}' does not have the placeholders of '{english}'");
            }
        }
    }

    [Fact]
    public void TheOfferedLanguages_AreTheResourceFilesPresent()
    {
        Assert.Equal([DashboardCultures.Default, .. ResourceFiles.Cultures("DashboardText")], DashboardCultures.Supported.Order(StringComparer.Ordinal).OrderBy(c => c != DashboardCultures.Default));
    }

    [Fact]
    public void EveryLandingPageLanguage_HasEveryWord()
    {
        var english = ResourceFiles.Read("LandingText");
        foreach (var culture in ResourceFiles.Cultures("LandingText"))
        {
            Assert.Equal(english.Keys.Order(StringComparer.Ordinal), ResourceFiles.Read("LandingText", culture).Keys.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void EveryTextThePagesAndScriptsAskFor_HasAnEnglishEntry()
    {
        var sources = Directory.GetFiles(Path.Combine(ResourceFiles.Host, "Pages"), "*.cs*", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(ResourceFiles.Host, "wwwroot", "js"), "*.js"));
        var keys = sources.SelectMany(PageText.Keys).ToList();

        Assert.True(keys.Count > 300, $"only {keys.Count} texts found: is the pattern still right?");
        Assert.Empty(keys.Where(k => !English.ContainsKey(k.Key) && !k.Key.EndsWith('.')).Select(k => $"{Path.GetFileName(k.File)}: {k.Key}").Distinct());
    }

    [Fact]
    public void NoPage_ShowsTextOutsideTheLocalizer()
    {
        var literals = Directory.GetFiles(Path.Combine(ResourceFiles.Host, "Pages"), "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => PageText.Literals(File.ReadAllText(f)).Select(text => $"{Path.GetRelativePath(ResourceFiles.Host, f)}: {text}"));

        Assert.Empty(literals);
    }

    [Fact]
    public void TheLiteralCheck_FindsAnUntranslatedText()
    {
        // The check above must be able to fail: plain words, a placeholder, and text beside a Razor expression.
        Assert.Equal(["placeholder=\"your name\"", "Send now", "items left"],
            PageText.Literals("""<button>Send now</button><input placeholder="your name"><p>@Model.Count items left</p><b>@L["Fine"]</b> · ReEngage SMS"""));
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    // {0}, and a template field's name ({{first_name|Hi}}: its fallback is words, translated).
    [GeneratedRegex(@"\{\d+\}|\{\{[^}|]+")]
    private static partial Regex Placeholder();
}
