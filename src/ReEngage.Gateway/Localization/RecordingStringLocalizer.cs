using Microsoft.Extensions.Localization;

namespace ReEngage.Gateway.Localization;

/// <summary>A localizer that tells <see cref="MissingTexts"/> about every lookup no resource file answered.</summary>
internal sealed class RecordingStringLocalizer(IStringLocalizer inner, string resource, MissingTexts missing) : IStringLocalizer
{
    public LocalizedString this[string name] => Checked(inner[name]);

    public LocalizedString this[string name, params object[] arguments] => Checked(inner[name, arguments]);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);

    private LocalizedString Checked(LocalizedString text)
    {
        if (text.ResourceNotFound)
        {
            missing.Record(resource, text.Name);
        }

        return text;
    }
}
