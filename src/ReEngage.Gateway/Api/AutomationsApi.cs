using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/automations: multi-step re-engagement runs over a segment, with forecast and report.</summary>
internal static class AutomationsApi
{
    public static RouteGroupBuilder MapAutomations(this RouteGroupBuilder api)
    {
        api.MapGet("/automations/template", () => TypedResults.Json(AutomationDefinition.Classic(), MarketingJson.Options)).Produces<AutomationDefinition>()
            .WithName("AutomationTemplate").WithSummary("The classic survey → contest → coupon definition");
        api.MapPost("/automations", CreateAutomationAsync).AcceptsJson<AutomationBody>().Produces<AutomationView>(StatusCodes.Status201Created)
            .WithName("CreateAutomation").WithSummary("Steps omitted: the classic three steps").WithDescription("The body is one flat object: these fields and the automation's definition (steps, exit rule, time limit).");
        api.MapGet("/automations", ListAutomationsAsync).WithQuery().Produces<List<AutomationView>>().WithName("ListAutomations").WithSummary("All automations");
        api.MapGet("/automations/{id:long}", GetAutomationAsync).WithQuery().Produces<AutomationView>().Problems(404).WithName("GetAutomation").WithSummary("An automation");
        api.MapPut("/automations/{id:long}", UpdateAutomationAsync).AcceptsJson<AutomationBody>().Produces<AutomationView>().Problems(404).WithName("UpdateAutomation").WithSummary("Change an automation");
        api.MapPost("/automations/{id:long}/activate", (long id, AutomationService s, CancellationToken ct) => SetStatusAsync(id, AutomationStatus.Active, s, ct))
            .Produces<AutomationView>().Problems(404).WithName("ActivateAutomation").WithSummary("Start enrolling the segment");
        api.MapPost("/automations/{id:long}/pause", (long id, AutomationService s, CancellationToken ct) => SetStatusAsync(id, AutomationStatus.Paused, s, ct))
            .Produces<AutomationView>().Problems(404).WithName("PauseAutomation").WithSummary("Stop enrolling and sending");
        api.MapGet("/automations/{id:long}/forecast", ForecastAsync).WithQuery("limit").Problems(404)
            .WithName("AutomationForecast").WithSummary("Who gets which step on which day, and the cost, before switching it on");
        api.MapGet("/automations/{id:long}/report", AutomationReportAsync).WithQuery("from", "to").Problems(404)
            .WithName("AutomationReport").WithSummary("Results, holdout lift, A/B variants and revenue; 'from'/'to' limit it to contacts enrolled in that time");
        return api;
    }

    private static async Task<Results<JsonHttpResult<AutomationView>, ValidationProblem, ProblemHttpResult>> CreateAutomationAsync(HttpRequest request, AutomationService automations, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
        await SaveAutomationAsync(null, request, automations, json.Value.SerializerOptions);

    private static async Task<Results<JsonHttpResult<AutomationView>, ValidationProblem, ProblemHttpResult>> UpdateAutomationAsync(long id, HttpRequest request, GatewayDbContext db, AutomationService automations, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
        await db.Automations.AnyAsync(a => a.Id == id, request.HttpContext.RequestAborted)
            ? await SaveAutomationAsync(id, request, automations, json.Value.SerializerOptions)
            : MarketingRoutes.NotFound("automation", id);

    private static async Task<Results<JsonHttpResult<AutomationView>, ValidationProblem, ProblemHttpResult>> SaveAutomationAsync(long? id, HttpRequest request, AutomationService automations, JsonSerializerOptions options)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonDocument>(request, options);
        if (problem is not null)
        {
            return problem;
        }

        using (body)
        {
            var (header, definition, error) = MarketingRoutes.ReadDefinition<AutomationBody, AutomationDefinition>(body!);
            if (error is not null)
            {
                return error;
            }

            if (!body!.RootElement.TryGetProperty("steps", out _))
            {
                definition!.Steps = AutomationDefinition.Classic().Steps;
            }

            var (automation, errors) = await automations.SaveAsync(id, header!.Name, header.SegmentId, definition!, request.HttpContext.RequestAborted);
            return automation is null
                ? TypedResults.ValidationProblem(errors!, title: "The automation was not saved")
                : TypedResults.Json(AutomationDto(automation), MarketingJson.Options, statusCode: id is null ? 201 : 200);
        }
    }

    private static AutomationView AutomationDto(Automation a) => new(
        a.Id, a.Name, a.SegmentId, a.Status.ToString().ToLowerInvariant(), a.CreatedAt, a.UpdatedAt, a.ActivatedAt, MarketingJson.Read<AutomationDefinition>(a.DefinitionJson));

    private static async Task<JsonHttpResult<List<AutomationView>>> ListAutomationsAsync(GatewayDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Json((await db.Automations.AsNoTracking().OrderBy(a => a.Id).ToListAsync(cancellationToken)).Select(AutomationDto).ToList(), MarketingJson.Options);

    private static async Task<Results<JsonHttpResult<AutomationView>, ProblemHttpResult>> GetAutomationAsync(long id, GatewayDbContext db, CancellationToken cancellationToken) =>
        await db.Automations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) is { } a ? TypedResults.Json(AutomationDto(a), MarketingJson.Options) : MarketingRoutes.NotFound("automation", id);

    private static async Task<Results<JsonHttpResult<AutomationView>, ProblemHttpResult>> SetStatusAsync(long id, AutomationStatus status, AutomationService automations, CancellationToken cancellationToken) =>
        await automations.SetStatusAsync(id, status, cancellationToken) is { } a ? TypedResults.Json(AutomationDto(a), MarketingJson.Options) : MarketingRoutes.NotFound("automation", id);

    private static async Task<Results<Ok<Forecast>, ProblemHttpResult>> ForecastAsync(long id, int? limit, AutomationService automations, CancellationToken cancellationToken) =>
        await automations.ForecastAsync(id, Math.Clamp(limit ?? 100, 0, 10_000), cancellationToken) is { } forecast ? TypedResults.Ok(forecast) : MarketingRoutes.NotFound("automation", id);

    private static async Task<Results<Ok<AutomationReport>, ValidationProblem, ProblemHttpResult>> AutomationReportAsync(long id, string? from, string? to, AutomationService automations, SegmentService segments, CancellationToken cancellationToken)
    {
        var (range, errors) = ReportQuery.Parse(from, to, segments.Zone);
        return range is null ? TypedResults.ValidationProblem(errors!, title: "The time frame is not valid")
            : await automations.ReportAsync(id, range, cancellationToken) is { } report ? TypedResults.Ok(report) : MarketingRoutes.NotFound("automation", id);
    }

    internal sealed record AutomationBody(string? Name, long SegmentId);
}

/// <summary>An automation, with its definition (steps, exits, time limit, guards, holdout, attribution).</summary>
internal sealed record AutomationView(long Id, string Name, long SegmentId, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ActivatedAt, AutomationDefinition Definition);
