using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/coupons, /api/v1/templates and /api/v1/marketing: what tills, editors and operators use beside campaigns.</summary>
internal static class MarketingToolsApi
{
    public static RouteGroupBuilder MapMarketingTools(this RouteGroupBuilder api)
    {
        api.MapGet("/coupons/{code}", GetCouponAsync).WithQuery().Problems(404).WithName("GetCoupon").WithSummary("For a till: is this code valid, whose is it, until when, already used?");
        api.MapPost("/coupons/{code}/redeem", RedeemAsync).AcceptsJson<RedeemBody>().Problems(404, 409, 410).WithName("RedeemCoupon").WithSummary("Report a redemption (counted as promo_used)");
        api.MapPost("/coupons/pools/{pool}", ImportPoolAsync).AcceptsJson<PoolBody>().WithName("ImportCouponPool").WithSummary("Add imported codes to a pool a step can hand out");
        api.MapPost("/templates/check", CheckTemplateAsync).AcceptsJson<StepDefinition>().WithName("CheckTemplate").WithSummary("Validate a template: fields, SMS count, characters forcing UCS-2, cost");
        api.MapPost("/templates/landing-preview", async (HttpRequest request, IOptions<GatewayOptions> options, TimeProvider time) =>
        {
            var (page, problem) = await JsonBody.ReadAsync<LandingPageDefinition>(request, MarketingJson.Options);
            if (problem is not null)
            {
                return problem;
            }

            var view = new LandingView(page!, page!.Headline.Length > 0 ? "SAMPLE-1234" : null, time.GetUtcNow().AddDays(14), "Alessandra") { Culture = MarketingCulture.For(null, options.Value.Marketing.Language) };
            return Results.Content(PublicPages.Render(view), "text/html; charset=utf-8");
        }).AcceptsJson<JsonElement>().Produces<string>(StatusCodes.Status200OK, "text/html").WithName("PreviewLandingPage").WithSummary("The landing page as a contact would see it, with a sample coupon");
        api.MapPost("/marketing/run", async (MarketingScheduler scheduler, CancellationToken ct) =>
        {
            await scheduler.TickAsync(ct);
            return Results.NoContent();
        }).Produces(StatusCodes.Status204NoContent).WithName("RunMarketing").WithSummary("Process automations, scheduled campaigns and the sleeping segment now");
        return api;
    }

    private static async Task<Results<Ok<CouponRedeemedView>, ProblemHttpResult>> RedeemAsync(string code, HttpRequest request, CouponService coupons, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadOptionalAsync<RedeemBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var value = body?.Value;

        var (outcome, coupon) = await coupons.RedeemAsync(code, value, request.HttpContext.RequestAborted);
        return outcome switch
        {
            RedeemOutcome.Redeemed => TypedResults.Ok(new CouponRedeemedView(code, coupon!.RedeemedAt, coupon.ContactId, value)),
            RedeemOutcome.NotFound => TypedResults.Problem(statusCode: 404, title: "Unknown coupon", detail: $"There is no coupon '{code}'."),
            RedeemOutcome.AlreadyRedeemed => TypedResults.Problem(statusCode: 409, title: "Already redeemed", detail: $"The coupon '{code}' was redeemed on {coupon!.RedeemedAt:yyyy-MM-dd HH:mm} UTC."),
            _ => TypedResults.Problem(statusCode: 410, title: "Expired", detail: $"The coupon '{code}' expired on {coupon!.ExpiresAt:yyyy-MM-dd}."),
        };
    }

    private static async Task<Results<Ok<CouponView>, ProblemHttpResult>> GetCouponAsync(string code, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var coupon = await db.Coupons.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (coupon is null || (coupon.Pool is not null && coupon.ContactId is null))
        {
            // An unassigned pool code was never handed out: to a till it does not exist yet.
            return TypedResults.Problem(statusCode: 404, title: "Unknown coupon", detail: $"There is no coupon '{code}'.");
        }

        var now = time.GetUtcNow();
        var status = coupon.RedeemedAt is not null ? "redeemed" : coupon.ExpiresAt is { } expires && expires < now ? "expired" : "valid";
        return TypedResults.Ok(new CouponView(
            coupon.Code, status, status == "valid", coupon.ContactId, coupon.AutomationId, coupon.CampaignId, coupon.Step,
            coupon.AssignedAt, coupon.ExpiresAt, coupon.RedeemedAt, coupon.RedeemedValue));
    }

    private static async Task<Results<Ok<PoolImportedView>, ValidationProblem, ProblemHttpResult>> ImportPoolAsync(string pool, HttpRequest request, CouponService coupons, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<PoolBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Codes is not { Count: > 0 } codes || codes.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > 64))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["codes"] = ["'codes' must be a non-empty array of codes of 1–64 characters."] });
        }

        var (added, duplicates) = await coupons.ImportAsync(pool, codes!, request.HttpContext.RequestAborted);
        return TypedResults.Ok(new PoolImportedView(pool, added, duplicates));
    }

    private static async Task<Results<Ok<TemplateCheckView>, ValidationProblem, ProblemHttpResult>> CheckTemplateAsync(HttpRequest request, GatewayDbContext db, IOptions<GatewayOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonDocument>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        using (body)
        {
            StepDefinition step;
            try
            {
                step = body!.RootElement.Deserialize<StepDefinition>(MarketingJson.Options)!;
            }
            catch (JsonException ex)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [ex.Message.Split(" Path:", 2)[0]] });
            }

            // Counted for the worst case among the contacts it may go to: their longest and non-GSM names.
            var check = TemplateCheck.Of(step, options.Value, await TemplateSamples.LoadAsync(db, request.HttpContext.RequestAborted));
            return TypedResults.Ok(new TemplateCheckView(
                check.Errors.Count == 0,
                check.Errors,
                check.Count?.Encoding.ToString().ToLowerInvariant(),
                check.Count?.Parts,
                check.Count?.Characters,
                check.Count?.UnitsLeftInLastPart,
                check.Count?.NonGsmCharacters,
                check.CostPerMessage,
                check.Typical?.Parts,
                check.WorstCaseName,
                check.Warnings,
                check.Fixes,
                options.Value.Marketing.Currency,
                MessageTemplate.Fields));
        }
    }

    internal sealed record RedeemBody(double? Value);

    internal sealed record PoolBody([property: System.ComponentModel.DataAnnotations.Required] List<string>? Codes);
}

/// <summary>A coupon as a till sees it: valid, redeemed or expired, whose, until when.</summary>
internal sealed record CouponView(
    string Code, string Status, bool Valid, long? ContactId, long? AutomationId, long? CampaignId, int Step,
    DateTimeOffset? AssignedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RedeemedAt, double? RedeemedValue);

/// <summary>A redemption recorded (a promo_used event; with a value, also a purchase).</summary>
internal sealed record CouponRedeemedView(string Code, DateTimeOffset? RedeemedAt, long? ContactId, double? Value);

/// <summary>Codes added to a pool, and those it already held.</summary>
internal sealed record PoolImportedView(string Pool, int Added, IReadOnlyList<string> Duplicates);

/// <summary>
/// A template checked for the worst case among the contacts: errors, encoding, parts, characters, the
/// characters forcing UCS-2, cost, the typical parts, who the worst case is, warnings and fixes, the fields it may use.
/// </summary>
internal sealed record TemplateCheckView(
    bool Valid,
    IReadOnlyList<string> Errors,
    string? Encoding,
    int? Parts,
    int? Characters,
    int? CharactersLeftInLastPart,
    IReadOnlyList<string>? NonGsmCharacters,
    decimal? CostPerMessage,
    int? TypicalParts,
    string? WorstCase,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<TemplateFix> Fixes,
    string Currency,
    IReadOnlyList<string> Fields);
