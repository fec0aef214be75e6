using System.Globalization;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>One contact's text for a step, as it will be sent, and what it costs.</summary>
/// <remarks>TooLong: Over the step's part limit: the contact would be skipped as too_long. Invalid: Not encodable at all.</remarks>
public sealed record RenderedText(string Text, int Parts, bool TooLong, bool Invalid);

/// <summary>
/// Renders a step's template for a contact exactly as the sender will: the contact's language, the step's
/// smart encoding and name limit, its part limit. The sender, the previews, the forecast and the template
/// check all go through here, so what the editor promises is what goes out.
/// </summary>
public sealed class StepRenderer
{
    private readonly StepDefinition step;
    private readonly GatewayOptions options;

    public StepRenderer(StepDefinition step, GatewayOptions options, string? template = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(options);
        this.step = step;
        this.options = options;
        Template = MessageTemplate.Parse(template ?? step.Template).Template;
    }

    /// <summary>Null when the template does not parse.</summary>
    public MessageTemplate? Template { get; }

    /// <summary>The step's own limit, never above the gateway's.</summary>
    public int MaxParts => Math.Min(step.MaxParts ?? options.MaxParts, options.MaxParts);

    public CultureInfo Culture(Contact contact) => MarketingCulture.For(contact?.Language, options.Marketing.Language);

    public RenderedText Render(Contact contact, string? link, string? coupon, DateTimeOffset? couponExpiry) =>
        Render(contact, link, coupon, couponExpiry, step.SmartEncoding, step.MaxNameLength);

    /// <summary>Renders with other settings than the step's: the template check tries the fixes it offers.</summary>
    public RenderedText Render(Contact contact, string? link, string? coupon, DateTimeOffset? couponExpiry, bool smartEncoding, int? maxNameLength)
    {
        ArgumentNullException.ThrowIfNull(contact);
        if (Template is null)
        {
            return new RenderedText(string.Empty, 0, false, true);
        }

        var text = Template.Render(new TemplateValues(contact, link, coupon, couponExpiry, Culture(contact), smartEncoding, maxNameLength));
        try
        {
            text = SmsSegmenter.Prepare(text, smartEncoding);
            var parts = SmsCounter.Count(text, maxParts: MaxParts).Parts;
            return new RenderedText(text, parts, parts > MaxParts, false);
        }
        catch (SmsEncodingException)
        {
            return new RenderedText(text, 0, false, true);
        }
    }
}
