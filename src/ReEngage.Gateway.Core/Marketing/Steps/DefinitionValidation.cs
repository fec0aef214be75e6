using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>Checks automation and campaign definitions before they are saved, field by field.</summary>
public static class DefinitionValidation
{
    public static void Step(StepDefinition step, string path, GatewayOptions options, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(step.Name) || step.Name.Length > 100)
        {
            errors.Add(path + ".name", "A step needs a name of at most 100 characters.");
        }

        if (step.WaitDays is < 0 or > 365)
        {
            errors.Add(path + ".waitDays", "waitDays must be between 0 and 365.");
        }

        foreach (var problem in TemplateCheck.Of(step, options).Errors)
        {
            errors.Add(path + ".template", problem);
        }

        if (step.Variants is { } variants)
        {
            if (variants.Count is < 1 or > 3)
            {
                errors.Add(path + ".variants", "An A/B test has 2 to 4 texts: the template and 1 to 3 variants.");
            }

            for (var v = 0; v < variants.Count; v++)
            {
                foreach (var problem in TemplateCheck.Of(new StepDefinition { Template = variants[v], LandingPage = step.LandingPage, LinkUrl = step.LinkUrl, Coupon = step.Coupon, MaxParts = step.MaxParts, SmartEncoding = step.SmartEncoding }, options).Errors)
                {
                    errors.Add($"{path}.variants[{v}]", problem);
                }
            }
        }

        if (step.MaxNameLength is < 1 or > 100)
        {
            errors.Add(path + ".maxNameLength", "maxNameLength must be between 1 and 100 when set.");
        }

        if (step.LinkUrl is { Length: > 0 } url && !IsWebUrl(url))
        {
            errors.Add(path + ".linkUrl", $"'{url}' is not an absolute http(s) URL.");
        }

        if (step.LandingPage is { } page)
        {
            if (string.IsNullOrWhiteSpace(page.Headline) || page.Headline.Length > 200)
            {
                errors.Add(path + ".landingPage.headline", "A landing page needs a headline of at most 200 characters.");
            }

            if (page.ImageUrl is { Length: > 0 } image && !IsWebUrl(image))
            {
                errors.Add(path + ".landingPage.imageUrl", $"'{image}' is not an absolute http(s) URL.");
            }

            if (page.ButtonUrl is { Length: > 0 } button && !IsWebUrl(button))
            {
                errors.Add(path + ".landingPage.buttonUrl", $"'{button}' is not an absolute http(s) URL.");
            }

            if (page.Text is { Length: > 2000 })
            {
                errors.Add(path + ".landingPage.text", "The landing page text is longer than 2,000 characters.");
            }
        }

        if (step.Coupon is { } coupon)
        {
            if ((coupon.Pattern is null) == (coupon.Pool is null))
            {
                errors.Add(path + ".coupon", "Give a coupon 'pattern' or a 'pool' of imported codes, not both.");
            }
            else if (coupon.Pattern is not null && CouponCodes.ValidatePattern(coupon.Pattern) is { } problem)
            {
                errors.Add(path + ".coupon.pattern", problem);
            }

            if (coupon.ValidDays is < 1 or > 365)
            {
                errors.Add(path + ".coupon.validDays", "validDays must be between 1 and 365.");
            }
        }
    }

    public static FieldErrors Automation(AutomationDefinition definition, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new FieldErrors();
        if (definition.Steps is not { Count: > 0 and <= 10 })
        {
            errors.Add("steps", "An automation needs 1 to 10 steps.");
            return errors;
        }

        for (var i = 0; i < definition.Steps.Count; i++)
        {
            if (definition.Steps[i] is { } step)
            {
                Step(step, $"steps[{i}]", options, errors);
            }
            else
            {
                errors.Add($"steps[{i}]", "The step is empty.");
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var length = definition.Steps.Sum(s => Math.Max(0, s.WaitDays));
        if (definition.TimeLimitDays < Math.Max(1, length) || definition.TimeLimitDays > 730)
        {
            errors.Add("timeLimitDays", $"timeLimitDays must be at least 1, cover the steps' waits ({length} days) and be at most 730.");
        }

        Guards(definition.FrequencyCap, definition.FrequencyDays, definition.BudgetParts, errors);
        definition.Validate(errors);
        if (definition.WelcomeBack is { } welcome)
        {
            Step(welcome, "welcomeBack", options, errors);
        }
        if (definition.EngagedStatus is not (ContactStatus.Active or ContactStatus.Sleeping))
        {
            errors.Add("engagedStatus", "Engaged contacts can return to active or sleeping.");
        }

        if (definition.NotEngagedStatus == ContactStatus.OptedOut)
        {
            errors.Add("notEngagedStatus", "Only the contact can opt out: use unsubscribed.");
        }

        return errors;
    }

    public static FieldErrors Campaign(CampaignDefinition definition, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new FieldErrors();
        if (definition.Message is null)
        {
            errors.Add("message", "A campaign needs its message.");
            return errors;
        }

        Step(definition.Message, "message", options, errors);
        Guards(definition.FrequencyCap, definition.FrequencyDays, null, errors);
        definition.Validate(errors);
        return errors;
    }

    private static void Guards(int cap, int days, int? budget, FieldErrors errors)
    {
        if (cap is < 1 or > 100)
        {
            errors.Add("frequencyCap", "frequencyCap must be between 1 and 100 SMS.");
        }

        if (days is < 1 or > 365)
        {
            errors.Add("frequencyDays", "frequencyDays must be between 1 and 365.");
        }

        if (budget is < 1)
        {
            errors.Add("budgetParts", "budgetParts must be at least 1 when set.");
        }
    }

    private static bool IsWebUrl(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
