using System.Text;
using System.Text.RegularExpressions;

namespace ReEngage.Gateway.Tests.Localization;

/// <summary>
/// Reads the dashboard's sources for what people see: the keys they ask the localizer for, and any text a
/// .cshtml file shows as it is (outside <c>@L["…"]</c>), so a string cannot reach a page without a resource entry.
/// </summary>
internal static partial class PageText
{
    /// <summary>Words that are names, not language (brands, protocols, settings, examples of data).</summary>
    private static readonly HashSet<string> NotLanguage = new(StringComparer.Ordinal)
    {
        "ReEngage", "Gateway", "SMS", "API", "URL", "CSV", "HTTPS", "TP", "MR", "AT", "CSQ",
        "message.status", "message.inbound", "contact.optout", "sim", "Europe/Rome", "https://shop.example.com/sms-hook", "spring",
    };

    /// <summary>Every literal key in <c>@L["…"]</c>, <c>text["…"]</c>, <c>t('…')</c> and <c>plural(n, '…', '…')</c>.</summary>
    public static IEnumerable<(string File, string Key)> Keys(string file)
    {
        var source = File.ReadAllText(file);
        foreach (Match m in RazorKey().Matches(source))
        {
            yield return (file, Unescape(m.Groups[1].Value));
        }

        foreach (Match m in ScriptKey().Matches(source))
        {
            yield return (file, Unescape(m.Groups[1].Value));
        }

        foreach (Match m in PluralKeys().Matches(source))
        {
            yield return (file, Unescape(m.Groups[1].Value));
            yield return (file, Unescape(m.Groups[2].Value));
        }
    }

    /// <summary>Text a .cshtml file shows without the localizer: between tags, or in placeholder, title, aria-label, alt.</summary>
    public static IEnumerable<string> Literals(string cshtml)
    {
        var markup = Markup(cshtml);
        foreach (Match m in ShownAttribute().Matches(markup))
        {
            if (IsLanguage(m.Groups[2].Value))
            {
                yield return $"{m.Groups[1].Value}=\"{m.Groups[2].Value}\"";
            }
        }

        foreach (var text in Tag().Split(markup))
        {
            if (IsLanguage(text))
            {
                yield return text.Trim();
            }
        }
    }

    private static bool IsLanguage(string text)
    {
        if (NotLanguage.Contains(text.Trim()))
        {
            return false;
        }

        var words = Entity().Replace(text, " ").Split((char[])[' ', '\t', '\r', '\n', '(', ')', ',', '·', ':', '+', '-', '{', '}', ';', '.'], StringSplitOptions.RemoveEmptyEntries);
        return words.Any(w => Letters().IsMatch(w) && !NotLanguage.Contains(w) && !NotLanguage.Contains(w.Trim('"')));
    }

    /// <summary>The page's markup with scripts, styles, Razor code and Razor expressions taken out.</summary>
    private static string Markup(string cshtml)
    {
        var source = Directive().Replace(Script().Replace(cshtml, string.Empty), string.Empty);
        var output = new StringBuilder();
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '@' && i + 1 < source.Length && source[i + 1] != '@')
            {
                i = SkipRazor(source, i + 1) - 1;
                continue;
            }

            output.Append(source[i]);
        }

        // What a Razor block leaves between tags: braces and else.
        return LeftOverCode().Replace(output.ToString(), " ");
    }

    // From just after '@': a block {…}, an expression (…), or a chain such as L["…"], Model.Error("code"), if (…), foreach (…).
    private static int SkipRazor(string s, int i)
    {
        if (s[i] is '{' or '(')
        {
            return SkipBalanced(s, i);
        }

        var start = i;
        while (i < s.Length)
        {
            if (s[i] == ' ' && s.AsSpan(start, i - start).SequenceEqual("await"))
            {
                i++; // @await Something(…)
            }
            else if (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '.' or '!')
            {
                i++;
            }
            else if (s[i] is '[' or '(')
            {
                i = SkipBalanced(s, i);
            }
            else if (s[i] == ' ' && i + 1 < s.Length && s[i + 1] == '(')
            {
                i = SkipBalanced(s, i + 1); // @if (…), @foreach (…)
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static int SkipBalanced(string s, int i)
    {
        var depth = 0;
        var inString = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}' && --depth == 0)
            {
                return i + 1;
            }
        }

        return i;
    }

    private static string Unescape(string key) => key.Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal);

    [GeneratedRegex(@"(?:\bL|\btext)\[""((?:[^""\\]|\\.)*)""")]
    private static partial Regex RazorKey();

    [GeneratedRegex(@"\bt\('((?:[^'\\]|\\.)*)'")]
    private static partial Regex ScriptKey();

    [GeneratedRegex(@"plural\([^,]+,\s*'((?:[^'\\]|\\.)*)',\s*'((?:[^'\\]|\\.)*)'")]
    private static partial Regex PluralKeys();

    [GeneratedRegex(@"<(script|style)\b.*?</\1>", RegexOptions.Singleline)]
    private static partial Regex Script();

    [GeneratedRegex(@"^\s*@(page|model|using|inject|attribute|namespace|addTagHelper|section)\b.*$", RegexOptions.Multiline)]
    private static partial Regex Directive();

    [GeneratedRegex(@"\b(placeholder|title|aria-label|alt)=""([^""]*)""")]
    private static partial Regex ShownAttribute();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\belse\s+if\s*\((?:[^()]|\([^()]*\))*\)|[{}]|\belse\b")]
    private static partial Regex LeftOverCode();

    [GeneratedRegex(@"&[a-z]+;|&#\d+;")]
    private static partial Regex Entity();

    [GeneratedRegex(@"\p{L}{2,}")]
    private static partial Regex Letters();
}
