using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ReEngage.Gateway.Cli.Tests;

/// <summary>The CLI's sources and CliText resources as files, for the tests that keep the translations complete.</summary>
internal static partial class CliResources
{
    public static string Folder => Path.Combine(Root(), "src", "ReEngage.Gateway.Cli");

    /// <summary>A resource file's key → value (culture "" is English, the neutral one).</summary>
    public static IReadOnlyDictionary<string, string> Read(string culture) =>
        XDocument.Load(Path.Combine(Folder, culture.Length == 0 ? "CliText.resx" : $"CliText.{culture}.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);

    /// <summary>Every literal the sources pass to <c>CliText.Get("…")</c>: the messages that need an entry.</summary>
    public static IReadOnlySet<string> UsedKeys() =>
        Directory.EnumerateFiles(Folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => GetCall().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The {0}, {1:N0}… of a text, in order of number.</summary>
    public static IEnumerable<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal);

    /// <summary>
    /// The English words of every message Italian translates differently: the runs of at least four characters
    /// between placeholders that the Italian text does not also contain ("ICCID:" is the same in both).
    /// </summary>
    public static IReadOnlyList<string> EnglishOnlyFragments()
    {
        var italian = Read("it");
        return [.. Read(string.Empty)
            .Where(e => italian.TryGetValue(e.Key, out var it) && it != e.Value)
            .SelectMany(e => Placeholder().Split(e.Value).Select(f => f.Trim()).Where(f => f.Length >= 4 && f.Any(char.IsLetter) && !italian[e.Key].Contains(f, StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)];
    }

    [GeneratedRegex("""CliText\.Get\(\s*"((?:[^"\\]|\\.)*)"\s*[,)]""")]
    private static partial Regex GetCall();

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

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
