using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>A change to the step that makes every contact's text fit, offered by the editor.</summary>
/// <remarks>Field: The step field to set: smartEncoding, maxNameLength or maxParts.</remarks>
public sealed record TemplateFix(string Field, object Value, int Parts, string Description);

/// <summary>
/// A step's template checked against what the step provides, counted for the worst case of the fields it
/// will fill: the longest and the non-GSM names among the contacts (a Romanian "Ioana-Ștefania" turns the
/// whole SMS into UCS-2), the longest link and coupon. <see cref="Count"/> is that worst case.
/// </summary>
public sealed record TemplateCheck(IReadOnlyList<string> Errors, SmsCount? Count, decimal? CostPerMessage)
{
    /// <summary>What the typical contact's text needs (the built-in sample name).</summary>
    public SmsCount? Typical { get; init; }

    /// <summary>The contact whose text is the longest, when it is one of the given contacts.</summary>
    public string? WorstCaseName { get; init; }

    /// <summary>Things that will not stop saving but will skip some contacts.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IReadOnlyList<TemplateFix> Fixes { get; init; } = [];

    /// <summary>A plausible long contact, used when the database has none longer.</summary>
    public static Contact SampleContact { get; } = new() { Phone = "+390000000000", FirstName = "Alessandra", LastName = "Marchetti", Birthday = new DateOnly(1990, 9, 24) };

    public static TemplateCheck Of(StepDefinition step, GatewayOptions options, IReadOnlyList<Contact>? contacts = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(options);
        var (template, errors) = MessageTemplate.Parse(step.Template);
        if (template is null)
        {
            return new(errors, null, null);
        }

        var problems = new List<string>();
        if (template.UsesLink && step.LandingPage is null && string.IsNullOrWhiteSpace(step.LinkUrl))
        {
            problems.Add("{{link}} needs a landing page or a link URL for the step.");
        }

        if (template.UsesCoupon && step.Coupon is null)
        {
            problems.Add($"{string.Join(" and ", template.CouponFields.Select(f => "{{" + f + "}}"))} needs a coupon definition (a pattern or a pool) for the step.");
        }

        if (step.MaxParts is < 1 || step.MaxParts > options.MaxParts)
        {
            problems.Add($"maxParts must be between 1 and {options.MaxParts} (Gateway:MaxParts).");
        }

        var renderer = new StepRenderer(step, options);
        var link = new string('x', options.Marketing.LinkLength);
        var coupon = new string('X', CouponCodes.SampleLength(step.Coupon));

        // September: the longest month name in most languages.
        var expiry = new DateTimeOffset(2026, 9, 30, 12, 0, 0, TimeSpan.Zero);
        RenderedText Render(Contact c, bool smart, int? maxName) => renderer.Render(c, link, coupon, expiry, smart, maxName);
        var typical = Render(SampleContact, step.SmartEncoding, step.MaxNameLength);
        if (typical.Invalid)
        {
            return new([.. problems, "The text cannot be encoded as an SMS."], null, null);
        }

        var candidates = (contacts ?? []).Where(c => c is not null).ToList();
        var worst = candidates.Select(c => (Contact: c, Text: Render(c, step.SmartEncoding, step.MaxNameLength))).Where(x => !x.Text.Invalid)
            .OrderByDescending(x => x.Text.Parts).ThenByDescending(x => x.Text.Text.Length).FirstOrDefault();
        var worstText = worst.Contact is not null && worst.Text.Parts > typical.Parts ? worst.Text : typical;
        var count = SmsCounter.Count(worstText.Text, maxParts: renderer.MaxParts);
        var typicalCount = SmsCounter.Count(typical.Text, maxParts: renderer.MaxParts);
        if (typical.TooLong)
        {
            problems.Add($"The message needs {typical.Parts} parts; at most {renderer.MaxParts} are allowed.");
        }

        var warnings = new List<string>();
        var fixes = new List<TemplateFix>();
        var tooLong = candidates.Where(c => Render(c, step.SmartEncoding, step.MaxNameLength).TooLong).ToList();
        if (!typical.TooLong && tooLong.Count > 0)
        {
            warnings.Add($"{Plural(tooLong.Count, "contact")} with long or non-GSM names, such as {Name(tooLong[0])}, need {count.Parts} parts and would be skipped as too_long (at most {renderer.MaxParts}).");
            fixes.AddRange(FixesFor(step, options, candidates, tooLong, Render, renderer.MaxParts));
        }

        return new(problems, count, count.Parts * options.Marketing.CostPerPart)
        {
            Typical = typicalCount,
            WorstCaseName = worstText == typical || worst.Contact is null ? null : Name(worst.Contact),
            Warnings = warnings,
            Fixes = fixes,
        };
    }

    private static IEnumerable<TemplateFix> FixesFor(StepDefinition step, GatewayOptions options, List<Contact> all, List<Contact> tooLong, Func<Contact, bool, int?, RenderedText> render, int maxParts)
    {
        int Worst(bool smart, int? maxName) => all.Max(c => render(c, smart, maxName).Parts);
        if (!step.SmartEncoding && Worst(true, step.MaxNameLength) is var smartParts && smartParts <= maxParts)
        {
            yield return new TemplateFix("smartEncoding", true, smartParts, $"Write names with GSM letters only (Ș → S): every text fits in {Plural(smartParts, "part")}.");
        }

        // The longest name limit that still fits everyone: longer names get the fallback.
        var longest = tooLong.Max(c => Math.Max(c.FirstName?.Length ?? 0, c.LastName?.Length ?? 0));
        for (var limit = longest - 1; limit >= 3; limit--)
        {
            if (Worst(step.SmartEncoding, limit) is var parts && parts <= maxParts)
            {
                yield return new TemplateFix("maxNameLength", limit, parts, $"Use the fallback for names longer than {limit} characters ({Plural(all.Count(c => Math.Max(c.FirstName?.Length ?? 0, c.LastName?.Length ?? 0) > limit), "contact")}).");
                break;
            }
        }

        var needed = tooLong.Max(c => render(c, step.SmartEncoding, step.MaxNameLength).Parts);
        if (needed <= options.MaxParts)
        {
            yield return new TemplateFix("maxParts", needed, needed, $"Allow {Plural(needed, "part")} for this step.");
        }
    }

    private static string Name(Contact c) => string.Join(' ', new[] { c.FirstName, c.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } n ? n : c.Phone;

    /// <summary>"1 contact", "2 contacts".</summary>
    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count:N0} {noun}s";
}
