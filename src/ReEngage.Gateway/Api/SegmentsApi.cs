using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/segments: rules over contacts' fields and activity, with live counts.</summary>
internal static class SegmentsApi
{
    public static RouteGroupBuilder MapSegments(this RouteGroupBuilder api)
    {
        api.MapPost("/segments", CreateSegmentAsync).AcceptsJson<SegmentBody>().Produces<object>(StatusCodes.Status201Created).WithName("CreateSegment").WithSummary("A new segment");
        api.MapGet("/segments", ListSegmentsAsync).WithQuery().Produces<object>().WithName("ListSegments").WithSummary("All segments with their rules");
        api.MapGet("/segments/{id:long}", GetSegmentAsync).WithQuery().Produces<object>().Problems(404).WithName("GetSegment").WithSummary("A segment with its live count");
        api.MapPut("/segments/{id:long}", UpdateSegmentAsync).AcceptsJson<SegmentBody>().Produces<object>().Problems(404).WithName("UpdateSegment").WithSummary("Change a segment's name or rule");
        api.MapDelete("/segments/{id:long}", DeleteSegmentAsync).Produces(StatusCodes.Status204NoContent).Problems(404, 409).WithName("DeleteSegment").WithSummary("Delete a segment no automation or campaign uses");
        api.MapGet("/segments/{id:long}/count", CountSegmentAsync).WithQuery().Produces<object>().Problems(404).WithName("CountSegment").WithSummary("Members now, and how many of them may be messaged");
        api.MapGet("/segments/{id:long}/contacts", SegmentContactsAsync).WithQuery("after", "limit").Produces<PageDto<ContactView>>().Problems(404).WithName("SegmentContacts").WithSummary("The segment's members, keyset-paged with 'after'");
        api.MapGet("/segments/{id:long}/export", ExportSegmentAsync).WithQuery().Produces<string>(StatusCodes.Status200OK, "text/csv").Problems(404).WithName("ExportSegment").WithSummary("Members as CSV");
        api.MapPost("/segments/preview", PreviewRuleAsync).AcceptsJson<SegmentBody>().Produces<object>().WithName("PreviewSegment").WithSummary("Live count and a sample for a rule being edited");
        return api;
    }

    private static async Task<IResult> CreateSegmentAsync(HttpRequest request, GatewayDbContext db, SegmentService segments, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<SegmentBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var (rule, errors) = Validate(body!);
        if (rule is null)
        {
            return Results.ValidationProblem(errors, title: "The segment was not saved");
        }

        var now = time.GetUtcNow();
        var segment = new Segment { Name = body!.Name!, Description = body.Description, RuleJson = MarketingJson.Write(rule), MarksSleeping = body.MarksSleeping ?? false, CreatedAt = now, UpdatedAt = now };
        if (segment.MarksSleeping)
        {
            await db.Segments.Where(s => s.MarksSleeping).ExecuteUpdateAsync(s => s.SetProperty(x => x.MarksSleeping, false));
        }

        db.Segments.Add(segment);
        await db.SaveChangesAsync(request.HttpContext.RequestAborted);
        return Results.Created($"/api/v1/segments/{segment.Id}", await SegmentDtoAsync(segment, segments, request.HttpContext.RequestAborted));
    }

    private static async Task<IResult> UpdateSegmentAsync(long id, HttpRequest request, GatewayDbContext db, SegmentService segments, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var segment = await db.Segments.FirstOrDefaultAsync(s => s.Id == id, request.HttpContext.RequestAborted);
        if (segment is null)
        {
            return MarketingRoutes.NotFound("segment", id);
        }

        var (body, problem) = await JsonBody.ReadAsync<SegmentBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var (rule, errors) = Validate(body!);
        if (rule is null)
        {
            return Results.ValidationProblem(errors, title: "The segment was not saved");
        }

        if (body!.MarksSleeping == true && !segment.MarksSleeping)
        {
            await db.Segments.Where(s => s.MarksSleeping).ExecuteUpdateAsync(s => s.SetProperty(x => x.MarksSleeping, false));
        }

        segment.Name = body.Name!;
        segment.Description = body.Description;
        segment.RuleJson = MarketingJson.Write(rule);
        segment.MarksSleeping = body.MarksSleeping ?? segment.MarksSleeping;
        segment.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(request.HttpContext.RequestAborted);
        return Results.Ok(await SegmentDtoAsync(segment, segments, request.HttpContext.RequestAborted));
    }

    private static (SegmentRule? Rule, Dictionary<string, string[]> Errors) Validate(SegmentBody body)
    {
        var (rule, errors) = SegmentService.Parse(body.Rule);
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200)
        {
            errors["name"] = ["A segment needs a name of at most 200 characters."];
            return (null, errors);
        }

        return (rule, errors);
    }

    private static async Task<IResult> ListSegmentsAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        var list = await db.Segments.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return Results.Json(list.Select(s => new { s.Id, s.Name, s.Description, rule = SegmentService.ReadRule(s), summary = SegmentService.ReadRule(s).Describe(), s.MarksSleeping, s.CreatedAt, s.UpdatedAt }), MarketingJson.Options);
    }

    private static async Task<IResult> GetSegmentAsync(long id, GatewayDbContext db, SegmentService segments, CancellationToken cancellationToken) =>
        await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is { } segment
            ? Results.Json(await SegmentDtoAsync(segment, segments, cancellationToken), MarketingJson.Options)
            : MarketingRoutes.NotFound("segment", id);

    private static async Task<object> SegmentDtoAsync(Segment s, SegmentService segments, CancellationToken cancellationToken)
    {
        var rule = SegmentService.ReadRule(s);
        var count = await segments.Members(rule).CountAsync(cancellationToken);
        return new { s.Id, s.Name, s.Description, rule, summary = rule.Describe(), s.MarksSleeping, count, s.CreatedAt, s.UpdatedAt };
    }

    private static async Task<IResult> DeleteSegmentAsync(long id, GatewayDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Automations.AnyAsync(a => a.SegmentId == id, cancellationToken) || await db.Campaigns.AnyAsync(c => c.SegmentId == id, cancellationToken))
        {
            return Results.Problem(statusCode: 409, title: "In use", detail: "An automation or campaign uses this segment; change it first.");
        }

        return await db.Segments.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0 ? Results.NoContent() : MarketingRoutes.NotFound("segment", id);
    }

    private static async Task<IResult> CountSegmentAsync(long id, GatewayDbContext db, SegmentService segments, CancellationToken cancellationToken)
    {
        if (await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } segment)
        {
            return MarketingRoutes.NotFound("segment", id);
        }

        var rule = SegmentService.ReadRule(segment);
        return Results.Ok(new { count = await segments.Members(rule).CountAsync(cancellationToken), reachable = await segments.Reachable(rule, includeSleeping: false).CountAsync(cancellationToken), reachableIncludingSleeping = await segments.Reachable(rule, includeSleeping: true).CountAsync(cancellationToken) });
    }

    private static async Task<IResult> SegmentContactsAsync(long id, long? after, int? limit, GatewayDbContext db, SegmentService segments, CancellationToken cancellationToken)
    {
        if (await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } segment)
        {
            return MarketingRoutes.NotFound("segment", id);
        }

        if (!Paging.TryTake(limit, 50, out var take, out var badLimit))
        {
            return badLimit!;
        }

        var cursor = after ?? 0;
        var page = await segments.Members(SegmentService.ReadRule(segment)).Where(c => c.Id > cursor).OrderBy(c => c.Id).Take(take + 1)
            .Include(c => c.Tags).Include(c => c.Attributes).AsSplitQuery().ToListAsync(cancellationToken);
        var items = page.Take(take).Select(ContactView.Of).ToList();
        return Results.Ok(new PageDto<ContactView>(items, page.Count > take ? items[^1].Id : null));
    }

    private static async Task ExportSegmentAsync(long id, HttpContext context, GatewayDbContext db, SegmentService segments)
    {
        if (await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, context.RequestAborted) is not { } segment)
        {
            await MarketingRoutes.NotFound("segment", id).ExecuteAsync(context);
            return;
        }

        await ContactCsvApi.WriteCsvAsync(context, segments.Members(SegmentService.ReadRule(segment)), $"segment-{id}.csv");
    }

    private static async Task<IResult> PreviewRuleAsync(HttpRequest request, SegmentService segments, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<SegmentBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var (rule, errors) = SegmentService.Parse(body!.Rule);
        if (rule is null)
        {
            return Results.ValidationProblem(errors, title: "The rule is not valid");
        }

        var (count, reachable, sample) = await segments.PreviewAsync(rule, 10, request.HttpContext.RequestAborted);
        return Results.Ok(new { count, reachable, summary = rule.Describe(), sample = sample.Select(ContactView.Of) });
    }

    internal sealed record SegmentBody(string? Name, string? Description, JsonElement? Rule, bool? MarksSleeping);
}
