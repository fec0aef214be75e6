namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// What an inbound reply was read as: the keyword as its set spells it ("BASTA"), the set's language
/// ("it"; null for the business's own list in <c>Gateway:Keywords</c>), and the word as written when it
/// was read as a typo of the keyword ("sotp"). The operator sees this beside the message.
/// </summary>
public sealed record KeywordMatch(KeywordKind Kind, string Keyword, string? Language, string? Typo = null)
{
    /// <summary>"BASTA (it)", "STOP (it), written sotp": the words the dashboard and the logs show.</summary>
    public string Describe() => (Language is null ? Keyword : $"{Keyword} ({Language})") + (Typo is null ? string.Empty : $", written {Typo}");
}
