using System.Text.Json;
using System.Text.Json.Serialization;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>JSON settings for definitions stored in the database and exchanged over the API.</summary>
public static class MarketingJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("Empty definition.");
}

/// <summary>What a step's message is for: survey and contest replies are recorded against the step.</summary>
public enum StepKind
{
    Message,
    Survey,
    Contest,
}

/// <summary>One message of an automation (or a campaign's only one).</summary>
public sealed class StepDefinition
{
    public string Name { get; set; } = "Step";

    public StepKind Kind { get; set; }

    /// <summary>Days after enrolment (first step) or after the previous step.</summary>
    public int WaitDays { get; set; }

    /// <summary>Skip contacts who already engaged during the run.</summary>
    public bool OnlyIfNotEngaged { get; set; } = true;

    public string Template { get; set; } = string.Empty;

    /// <summary>Where {{link}} goes when there is no landing page.</summary>
    public string? LinkUrl { get; set; }

    public LandingPageDefinition? LandingPage { get; set; }

    public CouponDefinition? Coupon { get; set; }

    /// <summary>Names and attributes are written with GSM letters only (Ș → S) and look-alike punctuation replaced: one name cannot make the SMS UCS-2.</summary>
    public bool SmartEncoding { get; set; }

    /// <summary>At most this many parts for this step (up to Gateway:MaxParts, its default); longer texts are skipped as too_long.</summary>
    public int? MaxParts { get; set; }

    /// <summary>Names longer than this use the field's fallback (a shorter text for the few very long names).</summary>
    public int? MaxNameLength { get; set; }

    /// <summary>A/B test: other texts for the same step (with <see cref="Template"/>, 2–4 in all), each contact drawing one at random.</summary>
    public List<string>? Variants { get; set; }

    /// <summary>The step's texts: the template, then its variants.</summary>
    public IReadOnlyList<string> Texts() => [Template, .. Variants ?? []];
}

/// <summary>What a purchase is credited to.</summary>
public enum AttributionBasis
{
    /// <summary>A purchase within the window after the contact clicked the step's link.</summary>
    Click,

    /// <summary>A purchase within the window after the step's SMS was sent (delivered, when the network said so).</summary>
    Delivered,
}

/// <summary>How results are measured: the holdout, the random seed, revenue attribution. Shared by automations and campaigns.</summary>
public abstract class MeasuredDefinition
{
    /// <summary>
    /// Share of eligible contacts held out at random (never messaged, tracked the same way), 0–50. None
    /// unless asked for: a marketer who did not ask expects everyone to be messaged (the dashboard's forms
    /// propose one, visibly, so measuring stays one click away).
    /// </summary>
    public int HoldoutPercent { get; set; }

    /// <summary>The seed of the holdout and A/B draws; chosen at random when saved without one, then kept.</summary>
    public long? Seed { get; set; }

    /// <summary>Days after a click (or an SMS) within which a purchase is credited to it.</summary>
    public int AttributionDays { get; set; } = 7;

    public AttributionBasis AttributeTo { get; set; } = AttributionBasis.Click;

    /// <summary>Checks the measurement settings.</summary>
    public void Validate(FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (HoldoutPercent is < 0 or > SplitPolicy.MaxHoldoutPercent)
        {
            errors.Add("holdoutPercent", $"holdoutPercent must be between 0 and {SplitPolicy.MaxHoldoutPercent}.");
        }

        if (AttributionDays is < 1 or > 90)
        {
            errors.Add("attributionDays", "attributionDays must be between 1 and 90.");
        }
    }
}

/// <summary>The hosted page /l/{code}.</summary>
public sealed class LandingPageDefinition
{
    public string Headline { get; set; } = string.Empty;

    public string? Text { get; set; }

    public string? ImageUrl { get; set; }

    public string? ButtonText { get; set; }

    public string? ButtonUrl { get; set; }
}

/// <summary>A coupon per contact: from a pattern (# digit, ? letter, * letter or digit) or an imported pool.</summary>
public sealed class CouponDefinition
{
    public string? Pattern { get; set; }

    public string? Pool { get; set; }

    public int ValidDays { get; set; } = 14;
}

/// <summary>An automation's editable parts.</summary>
public sealed class AutomationDefinition : MeasuredDefinition
{
    public List<StepDefinition> Steps { get; set; } = [];

    /// <summary>Days from enrolment after which the run ends; engaged contacts return to active, the others are unsubscribed.</summary>
    public int TimeLimitDays { get; set; } = 90;

    /// <summary>A contact who engages leaves at once as reactivated instead of waiting for the end.</summary>
    public bool ExitOnEngagement { get; set; } = true;

    /// <summary>Status for those who engaged.</summary>
    public ContactStatus EngagedStatus { get; set; } = ContactStatus.Active;

    /// <summary>Status for those who did not.</summary>
    public ContactStatus NotEngagedStatus { get; set; } = ContactStatus.Unsubscribed;

    /// <summary>At most this many marketing SMS per contact per <see cref="FrequencyDays"/> (all automations and campaigns).</summary>
    public int FrequencyCap { get; set; } = 2;

    public int FrequencyDays { get; set; } = 7;

    /// <summary>SMS parts this automation may spend in all; later sends are skipped as "budget".</summary>
    public int? BudgetParts { get; set; }

    /// <summary>An optional "welcome back" SMS when a run ends with the contact reactivated, under the same guards.</summary>
    public StepDefinition? WelcomeBack { get; set; }

    /// <summary>The classic survey → contest → coupon sequence: 0, 30 and 60 days after enrolment, over 90 days.</summary>
    public static AutomationDefinition Classic() => new()
    {
        Steps =
        [
            new StepDefinition
            {
                Name = "Survey", Kind = StepKind.Survey, WaitDays = 0,
                Template = "Hi {{first_name|there}}, we miss you! How was your last visit? Reply 1 (bad) to 5 (great). {{link}}",
                LandingPage = new LandingPageDefinition { Headline = "We'd love your opinion", Text = "Tell us how we did: it takes ten seconds." },
            },
            new StepDefinition
            {
                Name = "Contest", Kind = StepKind.Contest, WaitDays = 30,
                Template = "{{first_name|Hi}}, win a EUR 50 voucher! Reply WIN to enter our monthly draw. {{link}}",
                LandingPage = new LandingPageDefinition { Headline = "Win a EUR 50 voucher", Text = "Reply WIN to the SMS to enter this month's draw." },
            },
            new StepDefinition
            {
                Name = "Coupon", Kind = StepKind.Message, WaitDays = 30,
                Template = "{{first_name|Hi}}, 20% off your next purchase with code {{coupon}} until {{coupon_expiry}}. {{link}}",
                LandingPage = new LandingPageDefinition { Headline = "20% off, just for you", Text = "Show this code at the till or use it online." },
                Coupon = new CouponDefinition { Pattern = "BACK-####-??", ValidDays = 14 },
            },
        ],
    };
}

/// <summary>A campaign's editable parts.</summary>
public sealed class CampaignDefinition : MeasuredDefinition
{
    public StepDefinition Message { get; set; } = new() { OnlyIfNotEngaged = false };

    public int FrequencyCap { get; set; } = 2;

    public int FrequencyDays { get; set; } = 7;
}
