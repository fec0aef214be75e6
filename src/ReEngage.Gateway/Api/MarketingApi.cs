using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/segments, campaigns, automations, coupons and templates.</summary>
internal static class MarketingApi
{
    public static RouteGroupBuilder MapMarketing(this RouteGroupBuilder api)
    {
        api.MapPost("/segments", CreateSegmentAsync).WithName("CreateSegment");
        api.MapGet("/segments", ListSegmentsAsync).WithQuery().WithName("ListSegments");
        api.MapGet("/segments/{id:long}", GetSegmentAsync).WithQuery().WithName("GetSegment");
        api.MapPut("/segments/{id:long}", UpdateSegmentAsync).WithName("UpdateSegment");
        api.MapDelete("/segments/{id:long}", DeleteSegmentAsync).WithName("DeleteSegment");
        api.MapGet("/segments/{id:long}/count", CountSegmentAsync).WithQuery().WithName("CountSegment").WithSummary("Members now, and how many of them may be messaged");
        api.MapGet("/segments/{id:long}/contacts", SegmentContactsAsync).WithQuery("after", "limit").WithName("SegmentContacts");
        api.MapGet("/segments/{id:long}/export", ExportSegmentAsync).WithQuery().WithName("ExportSegment").WithSummary("Members as CSV");
        api.MapPost("/segments/preview", PreviewRuleAsync).WithName("PreviewSegment").WithSummary("Live count and a sample for a rule being edited");

        api.MapPost("/campaigns", CreateCampaignAsync).WithName("CreateCampaign");
        api.MapGet("/campaigns", ListCampaignsAsync).WithQuery().WithName("ListCampaigns");
        api.MapGet("/campaigns/{id:long}", GetCampaignAsync).WithQuery().WithName("GetCampaign");
        api.MapGet("/campaigns/{id:long}/preview", PreviewCampaignAsync).WithQuery().WithName("PreviewCampaign").WithSummary("Recipients, parts, cost and ETA if sent now");
        api.MapPost("/campaigns/{id:long}/schedule", ScheduleCampaignAsync).WithName("ScheduleCampaign").WithSummary("Send now, or at 'sendAt'");
        api.MapPost("/campaigns/{id:long}/cancel", CancelCampaignAsync).WithName("CancelCampaign").WithSummary("Stop it and cancel its messages not sent yet");
        api.MapGet("/campaigns/{id:long}/report", CampaignReportAsync).WithQuery("from", "to").WithName("CampaignReport").WithSummary("Results, holdout lift, A/B variants and revenue; 'from'/'to' limit it to contacts sent to in that time");

        api.MapGet("/automations/template", () => Results.Json(AutomationDefinition.Classic(), MarketingJson.Options)).WithName("AutomationTemplate").WithSummary("The classic survey → contest → coupon definition");
        api.MapPost("/automations", CreateAutomationAsync).WithName("CreateAutomation").WithSummary("Steps omitted: the classic three steps");
        api.MapGet("/automations", ListAutomationsAsync).WithQuery().WithName("ListAutomations");
        api.MapGet("/automations/{id:long}", GetAutomationAsync).WithQuery().WithName("GetAutomation");
        api.MapPut("/automations/{id:long}", UpdateAutomationAsync).WithName("UpdateAutomation");
        api.MapPost("/automations/{id:long}/activate", (long id, AutomationService s, CancellationToken ct) => SetStatusAsync(id, AutomationStatus.Active, s, ct)).WithName("ActivateAutomation");
        api.MapPost("/automations/{id:long}/pause", (long id, AutomationService s, CancellationToken ct) => SetStatusAsync(id, AutomationStatus.Paused, s, ct)).WithName("PauseAutomation");
        api.MapGet("/automations/{id:long}/forecast", ForecastAsync).WithQuery("limit").WithName("AutomationForecast").WithSummary("Who gets which step on which day, and the cost, before switching it on");
        api.MapGet("/automations/{id:long}/report", AutomationReportAsync).WithQuery("from", "to").WithName("AutomationReport").WithSummary("Results, holdout lift, A/B variants and revenue; 'from'/'to' limit it to contacts enrolled in that time");

        api.MapGet("/coupons/{code}", GetCouponAsync).WithQuery().WithName("GetCoupon").WithSummary("For a till: is this code valid, whose is it, until when, already used?");
        api.MapPost("/coupons/{code}/redeem", RedeemAsync).WithName("RedeemCoupon").WithSummary("Report a redemption (counted as promo_used)");
        api.MapPost("/coupons/pools/{pool}", ImportPoolAsync).WithName("ImportCouponPool").WithSummary("Add imported codes to a pool a step can hand out");
        api.MapPost("/templates/check", CheckTemplateAsync).WithName("CheckTemplate").WithSummary("Validate a template: fields, SMS count, characters forcing UCS-2, cost");
        api.MapPost("/templates/landing-preview", async (HttpRequest request, IOptions<GatewayOptions> options, TimeProvider time) =>
        {
            var (page, problem) = await JsonBody.ReadAsync<LandingPageDefinition>(request, MarketingJson.Options);
            if (problem is not null)
            {
                return problem;
            }

            var view = new LandingView(page!, page!.Headline.Length > 0 ? "SAMPLE-1234" : null, time.GetUtcNow().AddDays(14), "Alessandra") { Culture = MarketingCulture.For(null, options.Value.Marketing.Language) };
            return Results.Content(PublicPages.Render(view), "text/html; charset=utf-8");
        }).WithName("PreviewLandingPage").WithSummary("The landing page as a contact would see it, with a sample coupon");
        api.MapPost("/marketing/run", async (MarketingScheduler scheduler, CancellationToken ct) =>
        {
            await scheduler.TickAsync(ct);
            return Results.NoContent();
        }).WithName("RunMarketing").WithSummary("Process automations, scheduled campaigns and the sleeping segment now");
        return api;
    }

    // ---- segments ----
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
            return NotFound("segment", id);
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
            : NotFound("segment", id);

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

        return await db.Segments.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0 ? Results.NoContent() : NotFound("segment", id);
    }

    private static async Task<IResult> CountSegmentAsync(long id, GatewayDbContext db, SegmentService segments, CancellationToken cancellationToken)
    {
        if (await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } segment)
        {
            return NotFound("segment", id);
        }

        var rule = SegmentService.ReadRule(segment);
        return Results.Ok(new { count = await segments.Members(rule).CountAsync(cancellationToken), reachable = await segments.Reachable(rule, includeSleeping: false).CountAsync(cancellationToken), reachableIncludingSleeping = await segments.Reachable(rule, includeSleeping: true).CountAsync(cancellationToken) });
    }

    private static async Task<IResult> SegmentContactsAsync(long id, long? after, int? limit, GatewayDbContext db, SegmentService segments, CancellationToken cancellationToken)
    {
        if (await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } segment)
        {
            return NotFound("segment", id);
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
            await NotFound("segment", id).ExecuteAsync(context);
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

    // ---- campaigns ----
    private static async Task<IResult> CreateCampaignAsync(HttpRequest request, CampaignService campaigns, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonDocument>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        using (body)
        {
            var (header, definition, error) = ReadDefinition<CampaignBody, CampaignDefinition>(body!);
            if (error is not null)
            {
                return error;
            }

            var (campaign, errors) = await campaigns.CreateAsync(header!.Name, header.SegmentId, header.IncludeSleeping ?? false, header.BudgetParts, definition!, request.HttpContext.RequestAborted);
            if (campaign is null)
            {
                return Results.ValidationProblem(errors!, title: "The campaign was not saved");
            }

            if (header.SendAt is { } sendAt)
            {
                await campaigns.ScheduleAsync(campaign.Id, sendAt, request.HttpContext.RequestAborted);
            }

            return Results.Json(CampaignDto(campaign), MarketingJson.Options, statusCode: 201);
        }
    }

    private static object CampaignDto(Campaign c) => new
    {
        c.Id,
        c.Name,
        c.SegmentId,
        c.IncludeSleeping,
        c.BudgetParts,
        status = c.Status.ToString().ToLowerInvariant(),
        c.ScheduledAt,
        c.StartedAt,
        c.CompletedAt,
        c.CreatedAt,
        definition = CampaignDefinitionView(c.DefinitionJson),
    };

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

    private static async Task<IResult> ListCampaignsAsync(GatewayDbContext db, CancellationToken cancellationToken) =>
        Results.Json((await db.Campaigns.AsNoTracking().OrderByDescending(c => c.Id).Take(500).ToListAsync(cancellationToken)).Select(CampaignDto), MarketingJson.Options);

    private static async Task<IResult> GetCampaignAsync(long id, GatewayDbContext db, CancellationToken cancellationToken) =>
        await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is { } c ? Results.Json(CampaignDto(c), MarketingJson.Options) : NotFound("campaign", id);

    private static async Task<IResult> PreviewCampaignAsync(long id, CampaignService campaigns, CancellationToken cancellationToken) =>
        await campaigns.PreviewAsync(id, 10, cancellationToken) is { } preview ? Results.Ok(preview) : NotFound("campaign", id);

    private static async Task<IResult> ScheduleCampaignAsync(long id, HttpRequest request, CampaignService campaigns, MarketingScheduler scheduler, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
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
            return NotFound("campaign", id);
        }

        if (error is not null)
        {
            return Results.Problem(statusCode: 409, title: "Cannot schedule", detail: error);
        }

        if (sendAt is null)
        {
            // "Send now" starts in the background; the caller follows it with the report.
            _ = Task.Run(() => scheduler.TickAsync(CancellationToken.None));
        }

        return Results.Json(CampaignDto(campaign), MarketingJson.Options, statusCode: 202);
    }

    private static async Task<IResult> CancelCampaignAsync(long id, CampaignService campaigns, CancellationToken cancellationToken)
    {
        var (campaign, cancelled) = await campaigns.CancelAsync(id, cancellationToken);
        return campaign is null ? NotFound("campaign", id) : Results.Ok(new { id, status = campaign.Status.ToString().ToLowerInvariant(), cancelledMessages = cancelled });
    }

    private static async Task<IResult> CampaignReportAsync(long id, string? from, string? to, CampaignService campaigns, SegmentService segments, CancellationToken cancellationToken)
    {
        var (range, errors) = ReportQuery.Parse(from, to, segments.Zone);
        return range is null ? Results.ValidationProblem(errors!, title: "The time frame is not valid")
            : await campaigns.ReportAsync(id, range, cancellationToken) is { } report ? Results.Ok(report) : NotFound("campaign", id);
    }

    // ---- automations ----
    private static async Task<IResult> CreateAutomationAsync(HttpRequest request, AutomationService automations, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
        await SaveAutomationAsync(null, request, automations, json.Value.SerializerOptions);

    private static async Task<IResult> UpdateAutomationAsync(long id, HttpRequest request, GatewayDbContext db, AutomationService automations, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
        await db.Automations.AnyAsync(a => a.Id == id, request.HttpContext.RequestAborted)
            ? await SaveAutomationAsync(id, request, automations, json.Value.SerializerOptions)
            : NotFound("automation", id);

    private static async Task<IResult> SaveAutomationAsync(long? id, HttpRequest request, AutomationService automations, JsonSerializerOptions options)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonDocument>(request, options);
        if (problem is not null)
        {
            return problem;
        }

        using (body)
        {
            var (header, definition, error) = ReadDefinition<AutomationBody, AutomationDefinition>(body!);
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
                ? Results.ValidationProblem(errors!, title: "The automation was not saved")
                : Results.Json(AutomationDto(automation), MarketingJson.Options, statusCode: id is null ? 201 : 200);
        }
    }

    private static object AutomationDto(Automation a) => new
    {
        a.Id,
        a.Name,
        a.SegmentId,
        status = a.Status.ToString().ToLowerInvariant(),
        a.CreatedAt,
        a.UpdatedAt,
        a.ActivatedAt,
        definition = MarketingJson.Read<AutomationDefinition>(a.DefinitionJson),
    };

    private static async Task<IResult> ListAutomationsAsync(GatewayDbContext db, CancellationToken cancellationToken) =>
        Results.Json((await db.Automations.AsNoTracking().OrderBy(a => a.Id).ToListAsync(cancellationToken)).Select(AutomationDto), MarketingJson.Options);

    private static async Task<IResult> GetAutomationAsync(long id, GatewayDbContext db, CancellationToken cancellationToken) =>
        await db.Automations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) is { } a ? Results.Json(AutomationDto(a), MarketingJson.Options) : NotFound("automation", id);

    private static async Task<IResult> SetStatusAsync(long id, AutomationStatus status, AutomationService automations, CancellationToken cancellationToken) =>
        await automations.SetStatusAsync(id, status, cancellationToken) is { } a ? Results.Json(AutomationDto(a), MarketingJson.Options) : NotFound("automation", id);

    private static async Task<IResult> ForecastAsync(long id, int? limit, AutomationService automations, CancellationToken cancellationToken) =>
        await automations.ForecastAsync(id, Math.Clamp(limit ?? 100, 0, 10_000), cancellationToken) is { } forecast ? Results.Ok(forecast) : NotFound("automation", id);

    private static async Task<IResult> AutomationReportAsync(long id, string? from, string? to, AutomationService automations, SegmentService segments, CancellationToken cancellationToken)
    {
        var (range, errors) = ReportQuery.Parse(from, to, segments.Zone);
        return range is null ? Results.ValidationProblem(errors!, title: "The time frame is not valid")
            : await automations.ReportAsync(id, range, cancellationToken) is { } report ? Results.Ok(report) : NotFound("automation", id);
    }

    // ---- coupons and templates ----
    private static async Task<IResult> RedeemAsync(string code, HttpRequest request, CouponService coupons, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
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
            RedeemOutcome.Redeemed => Results.Ok(new { code, redeemedAt = coupon!.RedeemedAt, contactId = coupon.ContactId, value }),
            RedeemOutcome.NotFound => Results.Problem(statusCode: 404, title: "Unknown coupon", detail: $"There is no coupon '{code}'."),
            RedeemOutcome.AlreadyRedeemed => Results.Problem(statusCode: 409, title: "Already redeemed", detail: $"The coupon '{code}' was redeemed on {coupon!.RedeemedAt:yyyy-MM-dd HH:mm} UTC."),
            _ => Results.Problem(statusCode: 410, title: "Expired", detail: $"The coupon '{code}' expired on {coupon!.ExpiresAt:yyyy-MM-dd}."),
        };
    }

    private static async Task<IResult> GetCouponAsync(string code, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var coupon = await db.Coupons.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (coupon is null || (coupon.Pool is not null && coupon.ContactId is null))
        {
            // An unassigned pool code was never handed out: to a till it does not exist yet.
            return Results.Problem(statusCode: 404, title: "Unknown coupon", detail: $"There is no coupon '{code}'.");
        }

        var now = time.GetUtcNow();
        var status = coupon.RedeemedAt is not null ? "redeemed" : coupon.ExpiresAt is { } expires && expires < now ? "expired" : "valid";
        return Results.Ok(new
        {
            code = coupon.Code,
            status,
            valid = status == "valid",
            contactId = coupon.ContactId,
            automationId = coupon.AutomationId,
            campaignId = coupon.CampaignId,
            step = coupon.Step,
            assignedAt = coupon.AssignedAt,
            expiresAt = coupon.ExpiresAt,
            redeemedAt = coupon.RedeemedAt,
            redeemedValue = coupon.RedeemedValue,
        });
    }

    private static async Task<IResult> ImportPoolAsync(string pool, HttpRequest request, CouponService coupons, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<PoolBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Codes is not { Count: > 0 } codes || codes.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > 64))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["codes"] = ["'codes' must be a non-empty array of codes of 1–64 characters."] });
        }

        var (added, duplicates) = await coupons.ImportAsync(pool, codes!, request.HttpContext.RequestAborted);
        return Results.Ok(new { pool, added, duplicates });
    }

    private static async Task<IResult> CheckTemplateAsync(HttpRequest request, GatewayDbContext db, IOptions<GatewayOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
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
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [ex.Message.Split(" Path:", 2)[0]] });
            }

            // Counted for the worst case among the contacts it may go to: their longest and non-GSM names.
            var check = TemplateCheck.Of(step, options.Value, await TemplateSamples.LoadAsync(db, request.HttpContext.RequestAborted));
            return Results.Ok(new
            {
                valid = check.Errors.Count == 0,
                errors = check.Errors,
                encoding = check.Count?.Encoding.ToString().ToLowerInvariant(),
                parts = check.Count?.Parts,
                characters = check.Count?.Characters,
                charactersLeftInLastPart = check.Count?.UnitsLeftInLastPart,
                nonGsmCharacters = check.Count?.NonGsmCharacters,
                costPerMessage = check.CostPerMessage,
                typicalParts = check.Typical?.Parts,
                worstCase = check.WorstCaseName,
                warnings = check.Warnings,
                fixes = check.Fixes,
                currency = options.Value.Marketing.Currency,
                fields = MessageTemplate.Fields,
            });
        }
    }

    /// <summary>Reads the header fields (name, segment) and the definition from one flat JSON object.</summary>
    private static (THeader? Header, TDefinition? Definition, IResult? Error) ReadDefinition<THeader, TDefinition>(JsonDocument body)
        where THeader : class
        where TDefinition : class
    {
        try
        {
            var header = body.RootElement.Deserialize<THeader>(MarketingJson.Options);
            var definition = body.RootElement.Deserialize<TDefinition>(MarketingJson.Options);
            return header is null || definition is null
                ? (null, null, Results.Problem(statusCode: 400, title: "Empty body", detail: "The request body is empty or null."))
                : (header, definition, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path?.TrimStart('$', '.') is { Length: > 0 } f ? f : "body";
            return (null, null, Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [ex.Message.Split(" Path:", 2)[0]] }, title: "Malformed definition"));
        }
    }

    private static IResult NotFound(string what, long id) => Results.Problem(statusCode: 404, title: "Not found", detail: $"There is no {what} {id}.");

    internal sealed record SegmentBody(string? Name, string? Description, JsonElement? Rule, bool? MarksSleeping);

    internal sealed record CampaignBody(string? Name, long SegmentId, bool? IncludeSleeping, int? BudgetParts, DateTimeOffset? SendAt);

    internal sealed record AutomationBody(string? Name, long SegmentId);

    internal sealed record ScheduleBody(DateTimeOffset? SendAt);

    internal sealed record RedeemBody(double? Value);

    internal sealed record PoolBody(List<string>? Codes);
}
