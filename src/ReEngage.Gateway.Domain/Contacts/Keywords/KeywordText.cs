using System.Globalization;
using System.Text;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// Reduces a reply to the words a careful reader sees: case, accents and diacritics, punctuation, emoji and
/// repeated letters ("Stoooop!!", "BASTÀ", "Șterge-mă 🙏") do not change what a word is. Keywords and
/// messages go through the same folding, so an operator's "NON SCRIVETEMI PIÙ" matches "non scrivetemi piu".
/// </summary>
public static class KeywordText
{
    /// <summary>
    /// The message's words, folded; an empty list when it has none. <paramref name="squeeze"/> false keeps
    /// repeated letters (the same words, spelled as written: "stopp" stays German, "cancellarmi" is shown as typed).
    /// </summary>
    public static IReadOnlyList<string> Words(string? text, bool squeeze = true)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        // Compatibility decomposition also folds full-width letters and ligatures that phone keyboards produce.
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                AppendFolded(word, char.ToLowerInvariant(c), squeeze);
            }
            else
            {
                // Everything else separates words: spaces, punctuation, apostrophes ("m'écrivez"), emoji.
                Flush(word, words);
            }
        }

        Flush(word, words);
        return words;
    }

    /// <summary>One folded phrase ("non scrivetemi piu") for a keyword as the operator typed it.</summary>
    public static string Phrase(string keyword) => string.Join(' ', Words(keyword));

    private static void AppendFolded(StringBuilder word, char c, bool squeeze)
    {
        // Letters that do not decompose into a base letter and a mark.
        var folded = c switch
        {
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            'ø' => "o",
            'ł' => "l",
            'đ' => "d",
            'ı' => "i",
            _ => null,
        };
        foreach (var f in folded ?? c.ToString())
        {
            // Repeated letters are one: "stooop", "bastaaa", and the everyday "cancelami" for "cancellami".
            if (!squeeze || word.Length == 0 || word[^1] != f)
            {
                word.Append(f);
            }
        }
    }

    private static void Flush(StringBuilder word, List<string> words)
    {
        if (word.Length > 0)
        {
            words.Add(word.ToString());
            word.Clear();
        }
    }
}
