using System.Globalization;
using System.Resources;

namespace ReEngage.Gateway.Cli;

/// <summary>
/// The CLI's sentences for people, in the terminal's language: .NET reads LC_ALL / LANG into
/// <see cref="CultureInfo.CurrentUICulture"/> (LANG=it_IT.UTF-8 → Italian). CliText.resx is English (the key is
/// the English text) and the fallback; CliText.it.resx Italian. Machine output (--json verdicts, exit codes) stays as it is.
/// </summary>
internal static class CliText
{
    private static readonly ResourceManager Resources = new(typeof(CliText).FullName!, typeof(CliText).Assembly);

    /// <summary>The text for the English <paramref name="key"/> in the terminal's language, with its {0}… filled in.</summary>
    public static string Get(string key, params object?[] arguments)
    {
        var culture = CultureInfo.CurrentUICulture;
        var text = Resources.GetString(key, culture) ?? key;
        return arguments.Length == 0 ? text : string.Format(culture, text, arguments);
    }
}
