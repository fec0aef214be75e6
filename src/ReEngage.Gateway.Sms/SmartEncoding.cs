using System.Collections.Frozen;
using System.Text;

namespace ReEngage.Gateway.Sms;

/// <summary>
/// Opt-in replacement of look-alike characters with GSM 7-bit ones, so that a text pasted from a
/// word processor (curly quotes, dashes, ellipsis, non-breaking spaces) does not silently switch
/// to UCS-2 and cost up to three times as many parts. Letters are never changed, except where the
/// GSM table has the same letter in another case only by historical accident (ç → Ç).
/// </summary>
public static class SmartEncoding
{
    private static readonly FrozenDictionary<char, string> Replacements = new Dictionary<char, string>
    {
        ['\u2018'] = "'", ['\u2019'] = "'", ['\u201A'] = "'", ['\u201B'] = "'", ['\u2032'] = "'", ['\u00B4'] = "'", ['`'] = "'",
        ['\u2039'] = "'", ['\u203A'] = "'",
        ['\u201C'] = "\"", ['\u201D'] = "\"", ['\u201E'] = "\"", ['\u201F'] = "\"", ['\u2033'] = "\"",
        ['\u00AB'] = "\"", ['\u00BB'] = "\"",
        ['\u2010'] = "-", ['\u2011'] = "-", ['\u2012'] = "-", ['\u2013'] = "-", ['\u2014'] = "-", ['\u2015'] = "-", ['\u2212'] = "-",
        ['\u2026'] = "...",
        ['\u00A0'] = " ", ['\u2002'] = " ", ['\u2003'] = " ", ['\u2004'] = " ", ['\u2005'] = " ", ['\u2006'] = " ",
        ['\u2007'] = " ", ['\u2008'] = " ", ['\u2009'] = " ", ['\u200A'] = " ", ['\u202F'] = " ", ['\u205F'] = " ", ['\u3000'] = " ",
        ['\t'] = " ",
        ['\u200B'] = "", ['\u200C'] = "", ['\u200D'] = "", ['\u2060'] = "", ['\uFEFF'] = "", ['\u00AD'] = "",
        ['\u2022'] = "-", ['\u00B7'] = ".",
        ['\u00E7'] = "Ç",
        ['\u02C6'] = "^", ['\u02DC'] = "~",
        ['\u2044'] = "/", ['\u2215'] = "/",
        ['\u00D7'] = "x",
        ['\u2028'] = "\n", ['\u2029'] = "\n",
    }.ToFrozenDictionary();

    /// <summary>True when smart encoding would change the text.</summary>
    public static bool WouldChange(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (Replacements.ContainsKey(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text with look-alikes replaced; the same instance when nothing changes.</summary>
    public static string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!WouldChange(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (Replacements.TryGetValue(c, out var replacement))
            {
                builder.Append(replacement);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
