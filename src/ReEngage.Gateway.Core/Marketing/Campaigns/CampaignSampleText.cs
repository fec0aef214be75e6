namespace ReEngage.Gateway.Core.Marketing;

/// <summary>One recipient's text in a campaign's preview, as the send would render it.</summary>
/// <param name="ContactId">The contact it is for.</param>
/// <param name="Phone">The contact's number.</param>
/// <param name="Text">The rendered text (link and coupon as placeholders of their real length).</param>
/// <param name="Parts">The SMS parts it needs.</param>
/// <param name="TooLong">True when it exceeds the step's part limit: the send skips it as too_long.</param>
public sealed record CampaignSampleText(long ContactId, string Phone, string Text, int Parts, bool TooLong);
