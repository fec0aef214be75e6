using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/settings: the sending rules in force (quiet hours, keywords), changed by admins.</summary>
internal static class SettingsApi
{
    public static RouteGroupBuilder MapSettings(this RouteGroupBuilder api)
    {
        api.MapPut("/settings", UpdateSettingsAsync).AcceptsJson<SettingsBody>().WithName("UpdateSettings").RequireAuthorization(ApiPolicies.Administer).WithSummary("Change the business profile, quiet hours and keywords (admin); they apply at once and survive restarts");
        api.MapGet("/settings", (IOptions<GatewayOptions> options, SendingRules rules, BusinessSettings business, Hosting.GatewayHttps https) =>
        {
            var o = options.Value;
            var profile = business.Current;
            return TypedResults.Ok(new SettingsView(
                new BusinessView(profile.Country, profile.TimeZone!, profile.Currency!, profile.PublicBaseUrl!, profile.CostPerPart ?? 0, business.Saved),
                new QuietHoursView(rules.QuietHours.Start, rules.QuietHours.End, rules.QuietZone.Id),
                rules.Keywords,
                new MarketingSettingsView(o.Marketing.PublicBaseUrl, o.Marketing.CostPerPart, o.Marketing.Currency, MarketingSender.Zone(null, o).Id),
                o.MaxParts,
                o.DefaultRegion,
                o.SimulationActive,
                HttpsView.Of(https, o.Https)));
        }).WithName("Settings").WithSummary("Quiet hours, keywords and marketing settings in force, and HTTPS (its certificate's fingerprint, read-only)");
        return api;
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> UpdateSettingsAsync(HttpRequest request, GatewayDbContext db, SendingRules rules, BusinessSettings business, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<SettingsBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Business is { } b)
        {
            var businessErrors = await business.UpdateAsync(db, new BusinessProfile(b.Country, b.TimeZone, b.Currency, b.PublicBaseUrl, b.CostPerPart), request.HttpContext.RequestAborted);
            if (businessErrors.Count > 0)
            {
                return TypedResults.ValidationProblem(businessErrors.ToDictionary(e => "business." + e.Key, e => e.Value), title: "The settings were not saved");
            }
        }

        QuietHoursOptions? quiet = null;
        if (body.QuietHours is { } q)
        {
            var errors = new Dictionary<string, string[]>();
            TimeOnly? Parse(string? value, string field)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    return null;
                }

                if (TimeOnly.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var t))
                {
                    return t;
                }

                errors[field] = [$"'{value}' is not a time of day such as 21:00."];
                return null;
            }

            quiet = new QuietHoursOptions { Start = Parse(q.Start, "quietHours.start"), End = Parse(q.End, "quietHours.end"), TimeZone = string.IsNullOrWhiteSpace(q.TimeZone) ? null : q.TimeZone.Trim() };
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors, title: "The settings were not saved");
            }
        }

        var keywords = body.Keywords is { } k
            ? new KeywordOptions
            {
                OptOut = [.. (k.OptOut ?? []).OfType<string>().Select(w => w.Trim().ToUpperInvariant()).Where(w => w.Length > 0)],
                OptIn = [.. (k.OptIn ?? []).OfType<string>().Select(w => w.Trim().ToUpperInvariant()).Where(w => w.Length > 0)],
                Help = [.. (k.Help ?? []).OfType<string>().Select(w => w.Trim().ToUpperInvariant()).Where(w => w.Length > 0)],
                HelpReply = string.IsNullOrWhiteSpace(k.HelpReply) ? null : k.HelpReply.Trim(),
            }
            : null;
        var problems = await rules.UpdateAsync(db, quiet, keywords, request.HttpContext.RequestAborted);
        return problems.Count > 0 ? TypedResults.ValidationProblem(problems, title: "The settings were not saved") : TypedResults.NoContent();
    }

    internal sealed record QuietHoursBody(string? Start, string? End, string? TimeZone);

    internal sealed record KeywordsBody(List<string>? OptOut, List<string>? OptIn, List<string>? Help, string? HelpReply);

    /// <summary>The business profile; a field left out keeps its value ("country": "" clears it).</summary>
    internal sealed record BusinessBody(string? Country, string? TimeZone, string? Currency, string? PublicBaseUrl, decimal? CostPerPart);

    internal sealed record SettingsBody(BusinessBody? Business, QuietHoursBody? QuietHours, KeywordsBody? Keywords);
}

/// <summary>The sending rules and settings in force.</summary>
internal sealed record SettingsView(BusinessView Business, QuietHoursView QuietHours, KeywordOptions Keywords, MarketingSettingsView Marketing, int MaxParts, string? DefaultRegion, bool Simulation, HttpsView Https);

/// <summary>Marketing waits outside start–end (local times in the zone); no start and end: no quiet hours.</summary>
internal sealed record QuietHoursView(TimeOnly? Start, TimeOnly? End, string TimeZone);

internal sealed record MarketingSettingsView(string PublicBaseUrl, decimal CostPerPart, string Currency, string TimeZone);

/// <summary>The business profile in force; <c>Saved</c> is false until an admin saved it (first run asks for it).</summary>
internal sealed record BusinessView(string? Country, string TimeZone, string Currency, string PublicBaseUrl, decimal CostPerPart, bool Saved);
