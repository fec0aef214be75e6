namespace ReEngage.Gateway.Api;

/// <summary>
/// The keyword sets in force: each language's words (<c>read</c>: whether replies are checked against it;
/// <c>added</c> and <c>removed</c>: the operator's changes to the shipped words), the opt-out confirmation switch,
/// the business's own language-free list (<c>Gateway:Keywords</c> or Settings' sending rules), and the business's language.
/// </summary>
internal sealed record KeywordSettingsView(List<KeywordLanguageView> Languages, bool ConfirmOptOut, GeneralKeywordsView General, string BusinessLanguage);

/// <summary>One language's set and replies.</summary>
internal sealed record KeywordLanguageView(string Language, bool Read, bool Shipped, List<string> OptOut, List<string> OptIn, List<string> Help, List<string> Courtesy,
    List<string> Added, List<string> Removed, string? HelpReply, string? OptOutConfirmation);

/// <summary>The business's own keywords, whatever the language.</summary>
internal sealed record GeneralKeywordsView(List<string> OptOut, List<string> OptIn, List<string> Help);

/// <summary>
/// Changes to the keyword sets: <c>checked</c> replaces the languages read (all shipped ones by default);
/// each language sent has its lists and replies replaced (a list left out of a language is emptied, except
/// <c>courtesy</c>, which is kept; an empty reply follows the shipped one); languages not sent stay as they are.
/// </summary>
internal sealed record KeywordSettingsBody(List<string?>? Checked, bool? ConfirmOptOut, List<KeywordLanguageBody>? Languages);

/// <summary>One language's words and replies as they should be.</summary>
internal sealed record KeywordLanguageBody(string? Language, List<string?>? OptOut, List<string?>? OptIn, List<string?>? Help, List<string?>? Courtesy, string? HelpReply, string? OptOutConfirmation);

/// <summary>A reply to try, and optionally the contact's language.</summary>
internal sealed record KeywordTestBody(string? Text, string? Language);

/// <summary>How a reply is read: <c>kind</c> opt_out, opt_in or help; the keyword, its language, the word as written for a typo; <c>matched</c> in words ("BASTA (it)").</summary>
internal sealed record KeywordTestView(bool Matches, string? Kind, string? Keyword, string? Language, string? Typo, string? Matched);
