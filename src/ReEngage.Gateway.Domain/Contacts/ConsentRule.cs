namespace ReEngage.Gateway.Core.Marketing;

/// <summary>A contact's recorded consent: where and how they agreed, when, and the words they agreed to.</summary>
public readonly record struct RecordedConsent(string? Source, DateTimeOffset? At, string? Text);

/// <summary>
/// Which consent a contact keeps when new consent is stated, for the API and the CSV import alike: the
/// contact's own statement (the API body's <c>consent</c>, a CSV row's <c>consent_source</c> column)
/// replaces what was recorded; a statement for a whole batch (an import's <c>consentSource</c>) only fills
/// a contact that has none, so it never overwrites a contact's more specific record.
/// </summary>
public static class ConsentRule
{
    public static RecordedConsent Merge(RecordedConsent current, ConsentInput? stated, bool ownStatement, DateTimeOffset now)
    {
        if (stated is not { Source: { Length: > 0 } source })
        {
            return current;
        }

        return ownStatement || current.Source is null ? new RecordedConsent(source, stated.At ?? now, stated.Text) : current;
    }
}
