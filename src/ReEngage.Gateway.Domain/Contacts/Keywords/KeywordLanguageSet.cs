namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// One language's keywords: opt-out, opt-in and help words (single words or short phrases), the
/// courtesy words that may surround them ("grazie", "please", "messaggi"), and the replies in that
/// language. <see cref="Language"/> is a two-letter code; null for the business's own language-free list.
/// </summary>
public sealed record KeywordLanguageSet(
    string? Language,
    IReadOnlyList<string> OptOut,
    IReadOnlyList<string> OptIn,
    IReadOnlyList<string> Help,
    IReadOnlyList<string> Courtesy,
    string? HelpReply = null,
    string? OptOutConfirmation = null)
{
    /// <summary>The words of one kind.</summary>
    public IReadOnlyList<string> Words(KeywordKind kind) => kind switch
    {
        KeywordKind.OptOut => OptOut,
        KeywordKind.OptIn => OptIn,
        _ => Help,
    };
}
