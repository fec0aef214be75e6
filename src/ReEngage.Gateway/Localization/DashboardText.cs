namespace ReEngage.Gateway.Localization;

/// <summary>
/// The dashboard's texts, for Razor (<c>@L["…"]</c>) and for its scripts (<c>RE.t('…')</c>): DashboardText.resx is
/// English and the fallback of every other language, DashboardText.{culture}.resx a translation.
/// The key is the English text, so a page reads as it renders; API enum values shown to people are keyed
/// <c>value.{wire name}</c> because one English word ("sent") can need two translations.
/// </summary>
internal sealed class DashboardText;
