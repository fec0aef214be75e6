namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// What the operator changed in the keyword sets, as stored in the settings table: per language the words
/// added to and removed from the shipped lists (so words a later release ships still arrive), the
/// replies in that language, which languages are read, and whether an opt-out is confirmed by SMS.
/// </summary>
public sealed class KeywordLanguageSettings
{
    /// <summary>The languages whose sets are read; null: every shipped set (an Italian shop gets English STOP too).</summary>
    public List<string>? Checked { get; set; }

    /// <summary>Send the opt-out confirmation in the person's language after a keyword opt-out.</summary>
    public bool ConfirmOptOut { get; set; }

    public Dictionary<string, LanguageKeywordEdits> Languages { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One language's changes; the replies replace the shipped ones when set.</summary>
public sealed class LanguageKeywordEdits
{
    public WordListEdits OptOut { get; set; } = new();

    public WordListEdits OptIn { get; set; } = new();

    public WordListEdits Help { get; set; } = new();

    public WordListEdits Courtesy { get; set; } = new();

    public string? HelpReply { get; set; }

    public string? OptOutConfirmation { get; set; }
}

/// <summary>Words added to and removed from one shipped list.</summary>
public sealed class WordListEdits
{
    public List<string> Added { get; set; } = [];

    public List<string> Removed { get; set; } = [];

    /// <summary>The edits that turn <paramref name="shipped"/> into <paramref name="wanted"/>.</summary>
    public static WordListEdits Between(IReadOnlyList<string> shipped, IReadOnlyList<string> wanted) => new()
    {
        Added = [.. wanted.Where(w => !shipped.Any(s => Same(s, w)))],
        Removed = [.. shipped.Where(s => !wanted.Any(w => Same(s, w)))],
    };

    /// <summary><paramref name="shipped"/> with these edits.</summary>
    public IReadOnlyList<string> Apply(IReadOnlyList<string> shipped) =>
        [.. shipped.Where(s => !Removed.Any(r => Same(s, r))), .. Added.Where(a => !shipped.Any(s => Same(s, a)) || Removed.Any(r => Same(a, r)))];

    private static bool Same(string a, string b) => KeywordText.Phrase(a) == KeywordText.Phrase(b);
}
