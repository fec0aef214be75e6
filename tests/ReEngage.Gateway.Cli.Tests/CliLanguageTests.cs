using System.Globalization;
using System.Xml.Linq;
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
        var folder = Path.Combine(Root(), "src", "ReEngage.Gateway.Cli");
        static IEnumerable<string> Keys(string file) => XDocument.Load(file).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).Order(StringComparer.Ordinal);

        Assert.Equal(Keys(Path.Combine(folder, "CliText.resx")), Keys(Path.Combine(folder, "CliText.it.resx")));
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

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ReEngage.Gateway.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root is not above " + AppContext.BaseDirectory);
    }
}
