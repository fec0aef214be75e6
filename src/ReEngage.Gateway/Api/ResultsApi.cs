using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>Survey answers and contest entries per step, their CSV export, and recorded winner draws.</summary>
internal static class ResultsApi
{
    public static RouteGroupBuilder MapResults(this RouteGroupBuilder api)
    {
        api.MapGet("/automations/{id:long}/steps/{step:int}/responses", (long id, int step, string? format, HttpContext http, GatewayDbContext db, StepResponseService responses) => ResponsesAsync(id, null, step, format, http, db, responses))
            .WithQuery("format").OrCsv().Problems(404).WithName("AutomationStepResponses").WithSummary("A survey step's answer breakdown or a contest step's entries; format=csv exports them");
        api.MapGet("/campaigns/{id:long}/responses", (long id, string? format, HttpContext http, GatewayDbContext db, StepResponseService responses) => ResponsesAsync(null, id, 0, format, http, db, responses))
            .WithQuery("format").OrCsv().Problems(404).WithName("CampaignResponses").WithSummary("A campaign's survey answers or contest entries; format=csv exports them");
        api.MapPost("/automations/{id:long}/steps/{step:int}/draw", (long id, int step, HttpRequest request, GatewayDbContext db, StepResponseService responses) => DrawAsync(id, null, step, request, db, responses))
            .AcceptsJson<DrawBody>().Problems(404).WithName("DrawAutomationWinners").WithSummary("Draw and record winners among a contest step's entrants: {winners, seed?}");
        api.MapPost("/campaigns/{id:long}/draw", (long id, HttpRequest request, GatewayDbContext db, StepResponseService responses) => DrawAsync(null, id, 0, request, db, responses))
            .AcceptsJson<DrawBody>().Problems(404).WithName("DrawCampaignWinners").WithSummary("Draw and record winners among a campaign's contest entrants: {winners, seed?}");
        api.MapGet("/automations/{id:long}/steps/{step:int}/draws", async (long id, int step, StepResponseService responses, CancellationToken ct) => TypedResults.Ok((await responses.DrawsAsync(id, null, step, ct)).Select(Dto).ToList()))
            .WithQuery().WithName("AutomationDraws").WithSummary("The winner draws recorded for a contest step");
        api.MapGet("/campaigns/{id:long}/draws", async (long id, StepResponseService responses, CancellationToken ct) => TypedResults.Ok((await responses.DrawsAsync(null, id, 0, ct)).Select(Dto).ToList()))
            .WithQuery().WithName("CampaignDraws").WithSummary("The winner draws recorded for a campaign");
        return api;
    }

    private static async Task<Results<Ok<ResponsesView>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ResponsesAsync(long? automationId, long? campaignId, int step, string? format, HttpContext http, GatewayDbContext db, StepResponseService responses)
    {
        if (await FindStepAsync(automationId, campaignId, step, db, http.RequestAborted) is { } problem)
        {
            return problem;
        }

        if (format is not (null or "json" or "csv"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [$"'{format}' is not a format: use json or csv."] });
        }

        var rows = await responses.ResponsesAsync(automationId, campaignId, step, http.RequestAborted);
        if (format == "csv")
        {
            var csvText = new StringBuilder();
            await using (var writer = new StringWriter(csvText, CultureInfo.InvariantCulture))
            await using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
            {
                csv.WriteRecords(rows.Select(r => new { contact_id = r.ContactId, external_id = r.ExternalId, phone = r.Phone, name = r.Name, kind = r.Kind, text = r.Text, at = r.At.ToString("O", CultureInfo.InvariantCulture) }));
            }

            var name = automationId is { } a ? $"automation-{a}-step-{step}-responses.csv" : $"campaign-{campaignId}-responses.csv";
            return TypedResults.File(new UTF8Encoding(false).GetBytes(csvText.ToString()), "text/csv; charset=utf-8", name);
        }

        return TypedResults.Ok(new ResponsesView(automationId, campaignId, step, rows.Select(r => r.ContactId).Distinct().Count(), StepResponseService.Breakdown(rows), rows));
    }

    private static async Task<Results<Created<DrawView>, ValidationProblem, ProblemHttpResult>> DrawAsync(long? automationId, long? campaignId, int step, HttpRequest request, GatewayDbContext db, StepResponseService responses)
    {
        if (await FindStepAsync(automationId, campaignId, step, db, request.HttpContext.RequestAborted) is { } problem)
        {
            return problem;
        }

        var (body, bad) = await JsonBody.ReadOptionalAsync<DrawBody>(request, MarketingJson.Options);
        if (bad is not null)
        {
            return bad;
        }

        var winners = body?.Winners ?? 1;
        if (winners is < 1 or > 1000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["winners"] = ["'winners' must be between 1 and 1,000."] });
        }

        var draw = await responses.DrawAsync(automationId, campaignId, step, winners, body?.Seed, request.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/v1/{(automationId is { } a ? $"automations/{a}/steps/{step}" : $"campaigns/{campaignId}")}/draws", Dto(draw));
    }

    private static DrawView Dto(ContestDraw d) => new(
        d.Id, d.AutomationId, d.CampaignId, d.Step, d.Seed, d.Entrants, JsonSerializer.Deserialize<long[]>(d.WinnersJson) ?? [], d.At, d.EntriesUntil,
        "each distinct entrant's SplitMix64 draw from (seed, contact id); the lowest win");

    private static async Task<ProblemHttpResult?> FindStepAsync(long? automationId, long? campaignId, int step, GatewayDbContext db, CancellationToken cancellationToken)
    {
        var exists = automationId is { } a ? await db.Automations.AnyAsync(x => x.Id == a, cancellationToken) : await db.Campaigns.AnyAsync(x => x.Id == campaignId, cancellationToken);
        if (!exists)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: automationId is not null ? $"There is no automation {automationId}." : $"There is no campaign {campaignId}.");
        }

        if (step < 0 || (automationId is { } id && await db.Automations.Where(x => x.Id == id).Select(x => x.DefinitionJson).FirstAsync(cancellationToken) is { } json && step >= MarketingJson.Read<AutomationDefinition>(json).Steps.Count))
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"The automation has no step {step}.");
        }

        return null;
    }

    internal sealed record DrawBody(int? Winners, long? Seed);
}

/// <summary>A step's answers: how many contacts answered, each answer's count (latest per contact), and every response.</summary>
internal sealed record ResponsesView(long? AutomationId, long? CampaignId, int Step, int Contacts, IReadOnlyList<AnswerCount> Breakdown, IReadOnlyList<ResponseRow> Responses);

/// <summary>A recorded winner draw: anyone with the seed and the entrants can redo it.</summary>
internal sealed record DrawView(long Id, long? AutomationId, long? CampaignId, int Step, long Seed, int Entrants, IReadOnlyList<long> Winners, DateTimeOffset At, DateTimeOffset EntriesUntil, string Method);
