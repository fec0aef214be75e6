using System.Xml.Linq;

namespace ReEngage.Gateway.Tests.Localization;

/// <summary>The resource files and dashboard sources as they are in the repository (read as text, as a translator edits them).</summary>
internal static class ResourceFiles
{
    public static readonly string Root = RepositoryRoot();

    public static string Host => Path.Combine(Root, "src", "ReEngage.Gateway");

    public static string Localization => Path.Combine(Host, "Localization");

    /// <summary>The entries of <c>{name}.resx</c> (culture null: the neutral, English one) or <c>{name}.{culture}.resx</c>.</summary>
    public static Dictionary<string, string> Read(string name, string? culture = null)
    {
        var file = Path.Combine(Localization, culture is null ? $"{name}.resx" : $"{name}.{culture}.resx");
        return XDocument.Load(file).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty, StringComparer.Ordinal);
    }

    /// <summary>The cultures that have a <c>{name}.{culture}.resx</c>.</summary>
    public static IReadOnlyList<string> Cultures(string name) =>
        [.. Directory.GetFiles(Localization, $"{name}.*.resx").Select(f => Path.GetFileName(f)[(name.Length + 1)..^".resx".Length]).Order(StringComparer.Ordinal)];

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ReEngage.Gateway.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (ReEngage.Gateway.sln) is not above " + AppContext.BaseDirectory);
    }
}
