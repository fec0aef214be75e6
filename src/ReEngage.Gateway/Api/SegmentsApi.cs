using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
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
        api.MapPost("/segments", CreateSegmentAsync).AcceptsJson<SegmentBody>().WithName("CreateSegment").WithSummary("A new segment");
        api.MapGet("/segments", ListSegmentsAsync).WithQuery().Produces<List<SegmentListItem>>().WithName("ListSegments").WithSummary("All segments with their rules");
        api.MapGet("/segments/{id:long}", GetSegmentAsync).WithQuery().Produces<SegmentView>().Problems(404).WithName("GetSegment").WithSummary("A segment with its live count");
        api.MapPut("/segments/{id:long}", UpdateSegmentAsync).AcceptsJson<SegmentBody>().Problems(404).WithName("UpdateSegment").WithSummary("Change a segment's name or rule");
        api.MapDelete("/segments/{id:long}", DeleteSegmentAsync).Produces(StatusCodes.Status204NoContent).Problems(404, 409).WithName("DeleteSegment").WithSummary("Delete a segment no automation or campaign uses");
        api.MapGet("/segments/{id:long}/count", CountSegmentAsync).WithQuery().Problems(404).WithName("CountSegment").WithSummary("Members now, and how many of them may be messaged");
        api.MapGet("/segments/{id:long}/contacts", SegmentContactsAsync).WithQuery("after", "limit").Produces<PageDto<ContactView>>().Problems(404).WithName("SegmentContacts").WithSummary("The segment's members, keyset-paged with 'after'");
        api.MapGet("/segments/{id:long}/export", ExportSegmentAsync).WithQuery().Produces<string>(StatusCodes.Status200OK, "text/csv").Problems(404).WithName("ExportSegment").WithSummary("Members as CSV");
        api.MapPost("/segments/preview", PreviewRuleAsync).AcceptsJson<SegmentBody>().WithName("PreviewSegment").WithSummary("Live count and a sample for a rule being edited");
        return api;
    }

    private static async Task<Results<Created<SegmentView>, ValidationProblem, ProblemHttpResult>> CreateSegmentAsync(HttpRequest request, GatewayDbContext db, SegmentService segments, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<SegmentBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var (rule, errors) = Validate(body!);
        if (rule is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The segment was not saved");
        }

        var now = time.GetUtcNow();
        var segment = new Segment { Name = body!.Name!, Description = body.Description, RuleJson = MarketingJson.Write(rule), MarksSleeping = body.MarksSleeping ?? false, CreatedAt = now, UpdatedAt = now };
        if (segment.MarksSleeping)
        {
            await db.Segments.Where(s => s.MarksSleeping).ExecuteUpdateAsync(s => s.SetProperty(x => x.MarksSleeping, false));
        }

        db.Segments.Add(segment);
        await db.SaveChangesAsync(request.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/v1/segments/{segment.Id}", await SegmentDtoAsync(segment, segments, request.HttpContext.RequestAborted));
    }

    private static async Task<Results<Ok<SegmentView>, ValidationProblem, ProblemHttpResult>> UpdateSegmentAsync(long id, HttpRequest request, GatewayDbContext db, SegmentService segments, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
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
            return TypedResults.ValidationProblem(errors, title: "The segment was not saved");
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
        return TypedResults.Ok(await SegmentDtoAsync(segment, segments, request.HttpContext.RequestAborted));
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

    private static async Task<JsonHttpResult<List<SegmentListItem>>> ListSegmentsAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        var list = await db.Segments.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return TypedResults.Json(list.Select(s => new SegmentListItem(s.Id, s.Name, s.Description, SegmentService.ReadRule(s), SegmentService.ReadRule(s).Describe(), s.MarksSleeping, s.CreatedAt, s.UpdatedAt)).ToList(), MarketingJson.Options);
    }

    private static async Task<Results<JsonHttpResult<SegmentView>, ProblemHttpResult>> GetSegmentAsync(long id, GatewayDbContext db, SegmentService segments, CancellationToken cancellationToken) =>
        await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is { } segment
            ? TypedResults.Json(await SegmentDtoAsync(segment, segments, cancellationToken), MarketingJson.Options)
            : MarketingRoutes.NotFound("segment", id);

    private static async Task<SegmentView> SegmentDtoAsync(Segment s, SegmentService segments, CancellationToken cancellationToken)
    {
        var rule = SegmentService.ReadRule(s);
        var count = await segments.Members(rule).CountAsync(cancellationToken);
        return new SegmentView(s.Id, s.Name, s.Description, rule, rule.Describe(), s.MarksSleeping, count, s.CreatedAt, s.UpdatedAt);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteSegmentAsync(long id, GatewayDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Automations.AnyAsync(a => a.SegmentId == id, cancellationToken) || await db.Campaigns.AnyAsync(c => c.SegmentId == id, cancellationToken))
        {
            return TypedResults.Problem(statusCode: 409, title: "In use", detail: "An automation or campaign uses this segment; change it first.");
        }

        return await db.Segments.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0 ? TypedResults.NoContent() : MarketingRoutes.NotFound("segment", id);
    }

    private static async Task<Results<Ok<SegmentCountView>, ProblemHttpResult>> CountSegmentAsync(long id, GatewayDbContext db, SegmentService segments, CancellationToken cancellationToken)
    {
        if (await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } segment)
        {
            return MarketingRoutes.NotFound("segment", id);
        }

        var rule = SegmentService.ReadRule(segment);
        return TypedResults.Ok(new SegmentCountView(
            await segments.Members(rule).CountAsync(cancellationToken),
            await segments.Reachable(rule, includeSleeping: false).CountAsync(cancellationToken),
            await segments.Reachable(rule, includeSleeping: true).CountAsync(cancellationToken)));
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

    private static async Task<Results<Ok<SegmentPreviewView>, ValidationProblem, ProblemHttpResult>> PreviewRuleAsync(HttpRequest request, SegmentService segments, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<SegmentBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var (rule, errors) = SegmentService.Parse(body!.Rule);
        if (rule is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The rule is not valid");
        }

        var (count, reachable, sample) = await segments.PreviewAsync(rule, 10, request.HttpContext.RequestAborted);
        return TypedResults.Ok(new SegmentPreviewView(count, reachable, rule.Describe(), [.. sample.Select(ContactView.Of)]));
    }

    internal sealed record SegmentBody(string? Name, string? Description, [property: System.ComponentModel.DataAnnotations.Required] JsonElement Rule, bool? MarksSleeping);
}

/// <summary>A segment with its rule, the rule in words and its members now.</summary>
internal sealed record SegmentView(long Id, string Name, string? Description, SegmentRule Rule, string Summary, bool MarksSleeping, int Count, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A segment as listed (no count: counting every segment would make the list slow).</summary>
internal sealed record SegmentListItem(long Id, string Name, string? Description, SegmentRule Rule, string Summary, bool MarksSleeping, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Members now, those who may be messaged (active), and with the sleeping ones too.</summary>
internal sealed record SegmentCountView(int Count, int Reachable, int ReachableIncludingSleeping);

/// <summary>A rule being edited: its count, reachable members, the rule in words and a sample of members.</summary>
internal sealed record SegmentPreviewView(int Count, int Reachable, string Summary, IReadOnlyList<ContactView> Sample);
