using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/campaigns: one message to a segment, now or at a set time, with its preview and report.</summary>
internal static class CampaignsApi
{
    public static RouteGroupBuilder MapCampaigns(this RouteGroupBuilder api)
    {
        api.MapPost("/campaigns", CreateCampaignAsync).AcceptsJson<CampaignBody>().Produces<CampaignView>(StatusCodes.Status201Created).WithName("CreateCampaign")
            .WithSummary("A new campaign (draft)").WithDescription("The body is one flat object: these fields and the campaign's definition (message, variants, holdout).");
        api.MapGet("/campaigns", ListCampaignsAsync).WithQuery().Produces<List<CampaignView>>().WithName("ListCampaigns").WithSummary("The latest 500 campaigns, newest first");
        api.MapGet("/campaigns/{id:long}", GetCampaignAsync).WithQuery().Produces<CampaignView>().Problems(404).WithName("GetCampaign").WithSummary("A campaign");
        api.MapPut("/campaigns/{id:long}", UpdateCampaignAsync).AcceptsJson<CampaignBody>().Produces<CampaignView>().Problems(404, 409).WithName("UpdateCampaign")
            .WithSummary("Change a draft (the same flat body as creating one; 'sendAt' is ignored: schedule it)");
        api.MapGet("/campaigns/{id:long}/preview", PreviewCampaignAsync).WithQuery("sendAt").Problems(404).WithName("PreviewCampaign")
            .WithSummary("Recipients, parts, cost and ETA if sent now (or at 'sendAt'), and who would wait for quiet hours");
        api.MapPost("/campaigns/{id:long}/schedule", ScheduleCampaignAsync).AcceptsJson<ScheduleBody>().Produces<CampaignView>(StatusCodes.Status202Accepted).Problems(404, 409)
            .WithName("ScheduleCampaign").WithSummary("Send now, or at 'sendAt'");
        api.MapPost("/campaigns/{id:long}/cancel", CancelCampaignAsync).Problems(404).WithName("CancelCampaign").WithSummary("Stop it and cancel its messages not sent yet");
        api.MapGet("/campaigns/{id:long}/report", CampaignReportAsync).WithQuery("from", "to").Problems(404)
            .WithName("CampaignReport").WithSummary("Results, holdout lift, A/B variants and revenue; 'from'/'to' limit it to contacts sent to in that time");
        return api;
    }

    private static async Task<Results<JsonHttpResult<CampaignView>, ValidationProblem, ProblemHttpResult>> CreateCampaignAsync(HttpRequest request, CampaignService campaigns, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonDocument>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        using (body)
        {
            var (header, definition, error) = MarketingRoutes.ReadDefinition<CampaignBody, CampaignDefinition>(body!);
            if (error is not null)
            {
                return error;
            }

            var (campaign, errors) = await campaigns.CreateAsync(header!.Name, header.SegmentId, header.IncludeSleeping ?? false, header.BudgetParts, definition!, request.HttpContext.RequestAborted);
            if (campaign is null)
            {
                return TypedResults.ValidationProblem(errors!, title: "The campaign was not saved");
            }

            if (header.SendAt is { } sendAt)
            {
                await campaigns.ScheduleAsync(campaign.Id, sendAt, request.HttpContext.RequestAborted);
            }

            return TypedResults.Json(CampaignDto(campaign), MarketingJson.Options, statusCode: 201);
        }
    }

    private static async Task<Results<JsonHttpResult<CampaignView>, ValidationProblem, ProblemHttpResult>> UpdateCampaignAsync(long id, HttpRequest request, CampaignService campaigns, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonDocument>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        using (body)
        {
            var (header, definition, error) = MarketingRoutes.ReadDefinition<CampaignBody, CampaignDefinition>(body!);
            if (error is not null)
            {
                return error;
            }

            var (campaign, errors, conflict) = await campaigns.UpdateAsync(id, header!.Name, header.SegmentId, header.IncludeSleeping ?? false, header.BudgetParts, definition!, request.HttpContext.RequestAborted);
            return campaign is null ? MarketingRoutes.NotFound("campaign", id)
                : conflict is not null ? TypedResults.Problem(statusCode: 409, title: "Cannot change", detail: conflict)
                : errors is not null ? TypedResults.ValidationProblem(errors, title: "The campaign was not saved")
                : TypedResults.Json(CampaignDto(campaign), MarketingJson.Options);
        }
    }

    private static CampaignView CampaignDto(Campaign c) => new(
        c.Id, c.Name, c.SegmentId, c.IncludeSleeping, c.BudgetParts, c.Status.ToString().ToLowerInvariant(),
        c.ScheduledAt, c.StartedAt, c.CompletedAt, c.CreatedAt, CampaignDefinitionView(c.DefinitionJson));

    /// <summary>The campaign's definition without the fields only automation steps have (waitDays, onlyIfNotEngaged).</summary>
    private static System.Text.Json.Nodes.JsonNode? CampaignDefinitionView(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(MarketingJson.Write(MarketingJson.Read<CampaignDefinition>(json)));
        if (node?["message"] is System.Text.Json.Nodes.JsonObject message)
        {
            message.Remove("waitDays");
            message.Remove("onlyIfNotEngaged");
        }

        return node;
    }

    private static async Task<JsonHttpResult<List<CampaignView>>> ListCampaignsAsync(GatewayDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Json((await db.Campaigns.AsNoTracking().OrderByDescending(c => c.Id).Take(500).ToListAsync(cancellationToken)).Select(CampaignDto).ToList(), MarketingJson.Options);

    private static async Task<Results<JsonHttpResult<CampaignView>, ProblemHttpResult>> GetCampaignAsync(long id, GatewayDbContext db, CancellationToken cancellationToken) =>
        await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is { } c ? TypedResults.Json(CampaignDto(c), MarketingJson.Options) : MarketingRoutes.NotFound("campaign", id);

    private static async Task<Results<Ok<CampaignPreview>, ValidationProblem, ProblemHttpResult>> PreviewCampaignAsync(long id, string? sendAt, CampaignService campaigns, CancellationToken cancellationToken)
    {
        DateTimeOffset? at = null;
        if (!string.IsNullOrEmpty(sendAt))
        {
            if (!DateTimeOffset.TryParse(sendAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sendAt"] = [$"'{sendAt}' is not a date and time such as 2026-05-16T10:30:00Z."] }, title: "The preview was not made");
            }

            at = parsed;
        }

        return await campaigns.PreviewAsync(id, 10, at, cancellationToken) is { } preview ? TypedResults.Ok(preview) : MarketingRoutes.NotFound("campaign", id);
    }

    private static async Task<Results<JsonHttpResult<CampaignView>, ProblemHttpResult>> ScheduleCampaignAsync(long id, HttpRequest request, CampaignService campaigns, MarketingScheduler scheduler, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadOptionalAsync<ScheduleBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var sendAt = body?.SendAt;

        var (campaign, error) = await campaigns.ScheduleAsync(id, sendAt, request.HttpContext.RequestAborted);
        if (campaign is null)
        {
            return MarketingRoutes.NotFound("campaign", id);
        }

        if (error is not null)
        {
            return TypedResults.Problem(statusCode: 409, title: "Cannot schedule", detail: error);
        }

        if (sendAt is null)
        {
            // "Send now" starts in the background; the caller follows it with the report.
            _ = Task.Run(() => scheduler.TickAsync(CancellationToken.None));
        }

        return TypedResults.Json(CampaignDto(campaign), MarketingJson.Options, statusCode: 202);
    }

    private static async Task<Results<Ok<CampaignCancelledView>, ProblemHttpResult>> CancelCampaignAsync(long id, CampaignService campaigns, CancellationToken cancellationToken)
    {
        var (campaign, cancelled) = await campaigns.CancelAsync(id, cancellationToken);
        return campaign is null ? MarketingRoutes.NotFound("campaign", id) : TypedResults.Ok(new CampaignCancelledView(id, campaign.Status.ToString().ToLowerInvariant(), cancelled));
    }

    private static async Task<Results<Ok<CampaignReport>, ValidationProblem, ProblemHttpResult>> CampaignReportAsync(long id, string? from, string? to, CampaignService campaigns, SegmentService segments, CancellationToken cancellationToken)
    {
        var (range, errors) = ReportQuery.Parse(from, to, segments.Zone);
        return range is null ? TypedResults.ValidationProblem(errors!, title: "The time frame is not valid")
            : await campaigns.ReportAsync(id, range, cancellationToken) is { } report ? TypedResults.Ok(report) : MarketingRoutes.NotFound("campaign", id);
    }

    internal sealed record CampaignBody(string? Name, long SegmentId, bool? IncludeSleeping, int? BudgetParts, DateTimeOffset? SendAt);

    internal sealed record ScheduleBody(DateTimeOffset? SendAt);
}

/// <summary>A campaign, with its definition (message, variants, holdout, attribution).</summary>
internal sealed record CampaignView(
    long Id,
    string Name,
    long SegmentId,
    bool IncludeSleeping,
    int? BudgetParts,
    string Status,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset CreatedAt,
    [property: System.ComponentModel.Description("The campaign's definition as it was saved: message (template, variants, landing page, link, coupon), frequency cap, holdout, attribution.")] System.Text.Json.Nodes.JsonNode? Definition);

/// <summary>A campaign stopped, and how many of its messages not yet sent were cancelled.</summary>
internal sealed record CampaignCancelledView(long Id, string Status, int CancelledMessages);
