using System.Text.RegularExpressions;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// The udev rules follow udev(7)'s grammar: a mistyped key or operator makes udev skip the line with
/// only a log message, and the modem then has no stable name. (This build machine has no udevd, and
/// Debian 12's udevadm has no "verify" yet.)
/// </summary>
public sealed partial class UdevRulesTests
{
    private static readonly string Hardware = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "hardware"));

    private static readonly HashSet<string> MatchKeys = ["ACTION", "DEVPATH", "KERNEL", "KERNELS", "NAME", "SYMLINK", "SUBSYSTEM", "SUBSYSTEMS", "DRIVER", "DRIVERS", "ATTR", "ATTRS", "SYSCTL", "ENV", "CONST", "TAG", "TAGS", "TEST", "PROGRAM", "RESULT"];
    private static readonly HashSet<string> AssignKeys = ["NAME", "SYMLINK", "OWNER", "GROUP", "MODE", "ATTR", "SYSCTL", "ENV", "TAG", "RUN", "LABEL", "GOTO", "IMPORT", "OPTIONS", "SECLABEL"];
    private static readonly HashSet<string> KeysWithAttribute = ["ATTR", "ATTRS", "SYSCTL", "ENV", "CONST", "TEST", "IMPORT", "RUN", "SECLABEL"];

    public static TheoryData<string> Files => new(Directory.GetFiles(Hardware, "*.rules").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryLine_IsValidUdevSyntax_AndEveryGotoHasItsLabel(string file)
    {
        var labels = new HashSet<string>();
        var gotos = new List<(int Line, string Label)>();
        var lines = File.ReadAllLines(Path.Combine(Hardware, file));
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            Assert.False(line.EndsWith('\\'), $"{file}:{n + 1}: continued lines are not used here");
            var rest = line;
            var pairs = 0;
            while (rest.Length > 0)
            {
                var match = Pair().Match(rest);
                Assert.True(match.Success, $"{file}:{n + 1}: cannot read '{rest}'");
                var (key, attribute, op, value) = (match.Groups["key"].Value, match.Groups["attr"].Value, match.Groups["op"].Value, match.Groups["value"].Value);
                var isMatch = op is "==" or "!=";
                Assert.True(isMatch ? MatchKeys.Contains(key) : AssignKeys.Contains(key), $"{file}:{n + 1}: {key} cannot be used with {op}");
                Assert.True(KeysWithAttribute.Contains(key) == (attribute.Length > 0) || key is "RUN" or "IMPORT", $"{file}:{n + 1}: {key} {(attribute.Length > 0 ? "takes no" : "needs an")} {{attribute}}");
                if (key == "MODE")
                {
                    Assert.Matches("^0[0-7]{3}$", value);
                }

                if (key == "LABEL")
                {
                    labels.Add(value);
                }

                if (key == "GOTO")
                {
                    gotos.Add((n + 1, value));
                }

                pairs++;
                rest = rest[match.Length..].TrimStart();
                if (rest.Length > 0)
                {
                    Assert.True(rest.StartsWith(','), $"{file}:{n + 1}: pairs are separated by commas: '{rest}'");
                    rest = rest[1..].TrimStart();
                }
            }

            Assert.True(pairs > 0, $"{file}:{n + 1}: an empty rule");
        }

        foreach (var (line, label) in gotos)
        {
            Assert.True(labels.Contains(label), $"{file}:{line}: GOTO=\"{label}\" has no LABEL in the file");
        }
    }

    [Fact]
    public void TheModemsRules_GiveEachSupportedModemAStableNameAndKeepModemManagerAway()
    {
        var rules = File.ReadAllText(Path.Combine(Hardware, "99-reengage-modems.rules"));

        foreach (var vendor in new[] { "2c7c", "1e0e", "12d1" })
        {
            var line = rules.Split('\n').Single(l => l.Contains($"ATTRS{{idVendor}}==\"{vendor}\"", StringComparison.Ordinal));
            Assert.Contains(rules.Split('\n'), l => l.Contains("/authorized", StringComparison.Ordinal) && l.Contains(vendor, StringComparison.Ordinal));
            Assert.Contains("SYMLINK+=\"reengage/", line, StringComparison.Ordinal);
            Assert.Contains("$env{ID_SERIAL_SHORT}", line, StringComparison.Ordinal);
            Assert.Contains("ENV{ID_MM_DEVICE_IGNORE}=\"1\"", line, StringComparison.Ordinal);
            Assert.Contains("GROUP=\"dialout\"", line, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("""^(?<key>[A-Z_]+)(\{(?<attr>[^}]+)\})?\s*(?<op>==|!=|\+=|-=|:=|=)\s*"(?<value>[^"]*)"\s*""")]
    private static partial Regex Pair();
}
