using System.Text.RegularExpressions;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Domain.Tests;

/// <summary>
/// A contact's status has its writers named here and nowhere else: the aggregate's own method (the
/// compiler enforces it: the setter is private), the set-based mover for the sleeping segment and the CSV
/// import's prepared upsert, both of which apply <see cref="ContactTransitions"/> and announce each change.
/// A new path that writes the column directly fails this test.
/// </summary>
public sealed partial class ContactStatusOwnershipTests
{
    private static readonly string[] SetBasedWriters = ["ContactStatusBulk.cs"];
    private static readonly string[] SqlWriters = ["ContactImportWriter.cs"];

    [Fact]
    public void TheStatusSetter_IsPrivate() =>
        Assert.False(typeof(Contact).GetProperty(nameof(Contact.Status))!.SetMethod!.IsPublic);

    [Fact]
    public void NoOtherFile_WritesAContactsStatus()
    {
        var offenders = new List<string>();
        foreach (var file in SourceFiles())
        {
            var name = Path.GetFileName(file);
            var text = File.ReadAllText(file);
            foreach (var statement in text.Split(';'))
            {
                if (StatusSetProperty().IsMatch(statement) && ContactQuery().IsMatch(statement) && !SetBasedWriters.Contains(name))
                {
                    offenders.Add($"{name}: ExecuteUpdate of a contact's Status");
                }
            }

            foreach (Match sql in ContactsSqlWritingStatus().Matches(text))
            {
                if (!SqlWriters.Contains(name))
                {
                    offenders.Add($"{name}: SQL writes contacts.\"Status\" ({sql.Value[..Math.Min(40, sql.Value.Length)]}…)");
                }
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void TheScan_FindsTheWritersItAllows()
    {
        // The patterns must still see the allowed writers, or the test above would pass on anything.
        var files = SourceFiles().Where(f => f.EndsWith("ContactStatusBulk.cs", StringComparison.Ordinal) || f.EndsWith("ContactImportWriter.cs", StringComparison.Ordinal)).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        Assert.Contains(files["ContactStatusBulk.cs"].Split(';'), s => StatusSetProperty().IsMatch(s) && ContactQuery().IsMatch(s));
        Assert.Matches(ContactsSqlWritingStatus(), files["ContactImportWriter.cs"]);
    }

    private static IEnumerable<string> SourceFiles()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ReEngage.Gateway.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("The repository root was not found above the test's folder.");
        }

        return Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}CompiledModel{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"SetProperty\(\s*(\w+)\s*=>\s*\1\.Status\b")]
    private static partial Regex StatusSetProperty();

    [GeneratedRegex(@"\bContacts\b|IQueryable<Contact>")]
    private static partial Regex ContactQuery();

    // One statement: up to its semicolon or the end of its raw string literal (statements kept side by side in one initializer).
    [GeneratedRegex(@"(UPDATE\s+contacts\b|INSERT\s+INTO\s+contacts\b)(?:(?!""""""|;).)*?""Status""", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ContactsSqlWritingStatus();
}
