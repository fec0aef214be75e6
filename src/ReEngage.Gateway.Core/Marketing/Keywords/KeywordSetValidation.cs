using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>What an operator's keyword sets must keep: a way out in every language, one meaning per word, short words and replies.</summary>
internal static class KeywordSetValidation
{
    private const int MaxKeywordLength = 40;
    private const int MaxKeywordWords = 5;
    private const int MaxReplyLength = 300;

    public static FieldErrors Validate(IReadOnlyList<KeywordLanguageSet> sets, KeywordLanguageSettings saved)
    {
        var errors = new FieldErrors();
        foreach (var language in (saved.Checked ?? []).Concat(saved.Languages.Keys))
        {
            if (language.Length is < 2 or > 3 || !language.All(char.IsAsciiLetterLower))
            {
                errors.Add("languages", $"'{language}' is not a language code such as it or en.");
            }
        }

        if (saved.Checked is { Count: 0 })
        {
            errors.Add("languages", "Read at least one language: people must be able to leave.");
        }

        var meanings = new Dictionary<string, (KeywordKind Kind, string? Language)>(StringComparer.Ordinal);
        foreach (var set in sets.Where(s => s.Language is not null))
        {
            var field = $"languages.{set.Language}";
            if (!set.OptOut.Any(w => KeywordText.Phrase(w) == "stop"))
            {
                errors.Add($"{field}.optOut", "Keep STOP in every language: it is the word everybody knows.");
            }

            foreach (var kind in new[] { KeywordKind.OptOut, KeywordKind.OptIn, KeywordKind.Help })
            {
                foreach (var word in set.Words(kind))
                {
                    var phrase = KeywordText.Phrase(word);
                    if (phrase.Length == 0 || word.Trim().Length > MaxKeywordLength || phrase.Split(' ').Length > MaxKeywordWords)
                    {
                        errors.Add($"{field}.{Name(kind)}", $"'{word}': a keyword is a word or a short phrase (at most {MaxKeywordWords} words, {MaxKeywordLength} characters).");
                    }
                    else if (meanings.TryGetValue(phrase, out var other) && other.Kind != kind)
                    {
                        errors.Add($"{field}.{Name(kind)}", $"'{word}' already means {Name(other.Kind)} in {other.Language}: a keyword can only have one meaning.");
                    }
                    else
                    {
                        meanings[phrase] = (kind, set.Language);
                    }
                }
            }

            foreach (var word in set.Courtesy.Where(w => meanings.ContainsKey(KeywordText.Phrase(w))))
            {
                errors.Add($"{field}.courtesy", $"'{word}' is a keyword: a courtesy word must not be one, or every \"{word}\" would count.");
            }

            if (set.HelpReply is { Length: > MaxReplyLength } || set.OptOutConfirmation is { Length: > MaxReplyLength })
            {
                errors.Add($"{field}.replies", $"A reply is at most {MaxReplyLength} characters.");
            }
        }

        return errors;
    }

    /// <summary>The API's name of a kind: optOut, optIn, help.</summary>
    public static string Name(KeywordKind kind) => kind switch
    {
        KeywordKind.OptOut => "optOut",
        KeywordKind.OptIn => "optIn",
        _ => "help",
    };
}
