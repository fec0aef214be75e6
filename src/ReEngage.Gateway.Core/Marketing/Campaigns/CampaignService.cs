using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>What a campaign would do if sent now.</summary>
public sealed record CampaignPreview(int Recipients, int Messages, int Parts, decimal Cost, string Currency, int? EtaSeconds, IReadOnlyList<CampaignSampleText> Sample)
{
    /// <summary>Recipients whose text would exceed the part limit and be skipped as too_long.</summary>
    public int SkippedTooLong { get; init; }

    /// <summary>Recipients the holdout keeps from the message, to measure what it adds.</summary>
    public int HeldOut { get; init; }

    /// <summary>When it starts: the time asked for, else its schedule, else now.</summary>
    public DateTimeOffset SendsAt { get; init; }

    /// <summary>Recipients whose message would wait for quiet hours to end (in their own time zone when known).</summary>
    public int WaitingForQuietHours { get; init; }

    /// <summary>When the last of those waiting goes out; null when nobody waits.</summary>
    public DateTimeOffset? WaitsUntil { get; init; }
}

/// <summary>One-off and scheduled sends to a segment.</summary>
public sealed partial class CampaignService(GatewayDbContext db, SegmentService segments, MarketingSender sender, OutboxService outbox, MarketingReports reports, MeasurementService measurement, ModemRegistry modems, SendingRules rules, IOptions<GatewayOptions> options, TimeProvider time, ILogger<CampaignService> logger)
{
    public async Task<(Campaign? Campaign, FieldErrors? Errors)> CreateAsync(string? name, long segmentId, bool includeSleeping, int? budgetParts, CampaignDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = await ValidateAsync(name, segmentId, budgetParts, definition, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        definition.Seed ??= Seeds.New();
        var campaign = new Campaign { Name = name!, SegmentId = segmentId, IncludeSleeping = includeSleeping, BudgetParts = budgetParts, DefinitionJson = MarketingJson.Write(definition), CreatedAt = time.GetUtcNow() };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (campaign, null);
    }

    /// <summary>Schedules a draft campaign (now when <paramref name="at"/> is null). False when it is not a draft.</summary>
    public async Task<(Campaign? Campaign, string? Error)> ScheduleAsync(long id, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        if (campaign is null)
        {
            return (null, null);
        }

        if (campaign.Status is not (CampaignStatus.Draft or CampaignStatus.Scheduled))
        {
            return (campaign, $"The campaign is {campaign.Status.ToString().ToLowerInvariant()}; only drafts and scheduled campaigns can be scheduled.");
        }

        campaign.Status = CampaignStatus.Scheduled;
        campaign.ScheduledAt = at ?? time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (campaign, null);
    }

    /// <summary>Cancels the campaign and every message of it that has not gone out yet.</summary>
    public async Task<(Campaign? Campaign, int CancelledMessages)> CancelAsync(long id, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        if (campaign is null)
        {
            return (null, 0);
        }

        if (campaign.Status == CampaignStatus.Cancelled)
        {
            return (campaign, 0);
        }

        campaign.Status = CampaignStatus.Cancelled;
        campaign.CompletedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var cancelled = await outbox.CancelSourceAsync($"campaign:{id}", "CAMPAIGN_CANCELLED", "The campaign was cancelled before this message went out.", cancellationToken).ConfigureAwait(false);
        return (campaign, cancelled);
    }

    /// <summary>What sending would do; <paramref name="at"/> is when it would start (null: its schedule, else now).</summary>
    public async Task<CampaignPreview?> PreviewAsync(long id, int sampleSize, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        if (campaign is null)
        {
            return null;
        }

        var settings = options.Value;
        var definition = MarketingJson.Read<CampaignDefinition>(campaign.DefinitionJson);
        var renderer = new StepRenderer(definition.Message, settings);
        var recipients = await (await RecipientsAsync(campaign, cancellationToken).ConfigureAwait(false)).Include(c => c.Attributes).AsSplitQuery().ToListAsync(cancellationToken).ConfigureAwait(false);
        var link = $"{settings.Marketing.PublicBaseUrl.TrimEnd('/')}/s/{new string('x', LinkCodes.Length)}";
        var coupon = new string('X', CouponCodes.SampleLength(definition.Message.Coupon));
        var expiry = time.GetUtcNow().AddDays(definition.Message.Coupon?.ValidDays ?? 0);
        // The same draw the send will make: the preview names exactly who is held out.
        var seed = definition.Seed ?? campaign.Id;
        var heldOut = recipients.Count(c => SplitPolicy.IsHeldOut(seed, c.Id, definition.HoldoutPercent));
        var texts = recipients.Where(c => !SplitPolicy.IsHeldOut(seed, c.Id, definition.HoldoutPercent)).Select(c => (Contact: c, Text: renderer.Render(c, link, coupon, expiry))).ToList();
        var tooLong = texts.Count(t => t.Text.TooLong || t.Text.Invalid);
        var parts = texts.Where(t => !t.Text.TooLong && !t.Text.Invalid).Sum(t => t.Text.Parts);
        if (campaign.BudgetParts is { } budget)
        {
            parts = Math.Min(parts, budget);
        }

        // Behind what is already queued, at what the modems can do.
        var now = time.GetUtcNow();
        var queued = await db.Messages.Where(m => m.Status == MessageStatus.Queued || m.Status == MessageStatus.Sending || (m.Status == MessageStatus.Scheduled && m.SendAt <= now))
            .SumAsync(m => (int?)m.PartCount, cancellationToken).ConfigureAwait(false) ?? 0;
        var rate = modems.PartsPerSecond();
        int? eta = rate > 0 ? (int)Math.Ceiling((queued + parts) / rate) : null;

        // Quiet hours, as the send will apply them: each recipient's own zone when known, else the business's.
        var sendsAt = at ?? (campaign.ScheduledAt is { } scheduled && scheduled > now ? scheduled : now);
        var waits = texts.Select(t => QuietHours.NextAllowed(rules.QuietHours, sendsAt, MarketingSender.Zone(t.Contact.TimeZone, settings))).OfType<DateTimeOffset>().ToList();
        return new CampaignPreview(
            recipients.Count,
            texts.Count - tooLong,
            parts,
            parts * settings.Marketing.CostPerPart,
            settings.Marketing.Currency,
            eta,
            [.. texts.Take(sampleSize).Select(t => new CampaignSampleText(t.Contact.Id, t.Contact.Phone, t.Text.Text, t.Text.Parts, t.Text.TooLong))])
        {
            SkippedTooLong = tooLong,
            HeldOut = heldOut,
            SendsAt = sendsAt,
            WaitingForQuietHours = waits.Count,
            WaitsUntil = waits.Count > 0 ? waits.Max() : null,
        };
    }

    /// <summary>Starts every scheduled campaign that is due.</summary>
    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Running ones too: a campaign interrupted by a restart resumes with the contacts it had not reached.
        var due = await db.Campaigns.Where(c => (c.Status == CampaignStatus.Scheduled && c.ScheduledAt <= now) || c.Status == CampaignStatus.Running)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var campaign in due)
        {
            campaign.Status = CampaignStatus.Running;
            campaign.StartedAt ??= now;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            var definition = MarketingJson.Read<CampaignDefinition>(campaign.DefinitionJson);
            var recipients = await RecipientsAsync(campaign, cancellationToken).ConfigureAwait(false);
            var campaignId = campaign.Id;
            var context = new SendContext(null, campaign.Id, 0, definition.Message, definition.FrequencyCap, definition.FrequencyDays, campaign.BudgetParts);
            var sent = 0;
            long after = 0;
            while (true)
            {
                // Keyset batches: a crash half-way resumes after the last contact handled (idempotency keys catch the rest).
                var last = after;
                var batch = await recipients.AsTracking().Include(c => c.Attributes).AsSplitQuery()
                    .Where(c => c.Id > last && !db.Sends.Any(s => s.CampaignId == campaignId && s.ContactId == c.Id)).OrderBy(c => c.Id).Take(1000)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }

                var status = await db.Campaigns.Where(c => c.Id == campaign.Id).Select(c => c.Status).FirstAsync(cancellationToken).ConfigureAwait(false);
                if (status == CampaignStatus.Cancelled)
                {
                    return;
                }

                // The holdout is recorded like a send (skipped, "holdout"), so a resumed campaign never draws them again.
                var seed = definition.Seed ?? campaign.Id;
                var at = time.GetUtcNow();
                var heldOut = batch.Where(c => SplitPolicy.IsHeldOut(seed, c.Id, definition.HoldoutPercent)).ToList();
                db.Sends.AddRange(heldOut.Select(c => new MarketingSend { ContactId = c.Id, CampaignId = campaignId, At = at, Outcome = SendOutcome.Skipped, SkipReason = "holdout" }));
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                var texts = definition.Message.Texts().Count;
                foreach (var group in batch.Except(heldOut).GroupBy(c => SplitPolicy.Variant(seed, c.Id, 0, texts)).OrderBy(g => g.Key))
                {
                    var variantContext = texts > 1 ? context with { Definition = SendContext.WithText(definition.Message, group.Key), Variant = group.Key } : context;
                    var sends = await sender.SendAsync(variantContext, [.. group.Select(c => new Recipient(c, null))], cancellationToken).ConfigureAwait(false);
                    sent += sends.Count(s => s.Outcome == SendOutcome.Sent);
                }

                after = batch[^1].Id;
                db.ChangeTracker.Clear();
            }

            if (sent > 0)
            {
                LogCampaignQueued(logger, campaign.Id, sent);
            }

            // Every recipient is handled, but the campaign is only over when its last message is: until then it
            // stays running, and a later tick (every minute) completes it.
            if (!await CampaignCompletion.HasMessagesInFlightAsync(db, campaignId, cancellationToken).ConfigureAwait(false))
            {
                var completed = await db.Campaigns.Where(c => c.Id == campaignId && c.Status == CampaignStatus.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Completed).SetProperty(c => c.CompletedAt, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                if (completed > 0)
                {
                    LogCampaignDone(logger, campaignId);
                }
            }
        }
    }

    public async Task<CampaignReport?> ReportAsync(long id, ReportRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        if (campaign is null)
        {
            return null;
        }

        var definition = MarketingJson.Read<CampaignDefinition>(campaign.DefinitionJson);
        var cost = options.Value.Marketing.CostPerPart;
        var step = (await reports.StepsAsync(null, id, [definition.Message], cost, range, cancellationToken).ConfigureAwait(false))[0];
        var measured = await measurement.CampaignAsync(campaign, definition, range, cancellationToken).ConfigureAwait(false);
        var engaged = await db.Sends.AsNoTracking().Where(s => s.CampaignId == id && s.Outcome == SendOutcome.Sent)
            .Join(db.Contacts, s => s.ContactId, c => c.Id, (s, c) => new { s.At, c.LastEngagedAt })
            .CountAsync(x => x.LastEngagedAt != null && x.LastEngagedAt > x.At, cancellationToken).ConfigureAwait(false);
        return new CampaignReport(
            id,
            campaign.Status.ToString().ToLowerInvariant(),
            campaign.ScheduledAt,
            campaign.StartedAt,
            campaign.CompletedAt,
            step.Sent,
            step.Skipped,
            step.Delivered,
            step.Failed,
            step.Clicked,
            step.LandingOpens,
            step.Replied,
            step.CouponsRedeemed,
            engaged,
            step.Parts,
            step.Cost,
            options.Value.Marketing.Currency,
            engaged == 0 ? null : Math.Round(step.Cost / engaged, 4),
            step.HeldOut,
            range.From,
            range.To,
            measured.Holdout,
            measured.Revenue,
            measured.RevenuePerMessage,
            measured.Roi,
            measured.AttributeTo,
            measured.AttributionDays,
            measured.Variants.GetValueOrDefault(0),
            measured.Days);
    }

    private async Task<IQueryable<Contact>> RecipientsAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        var segment = await db.Segments.AsNoTracking().FirstAsync(s => s.Id == campaign.SegmentId, cancellationToken).ConfigureAwait(false);
        var rule = SegmentService.ReadRule(segment);

        // A campaign whose segment asks for sleeping contacts targets them, flag or not.
        return segments.Reachable(rule, campaign.IncludeSleeping || TargetsSleeping(rule));
    }

    private static bool TargetsSleeping(SegmentRule rule) =>
        (rule.Kind == "status" && !rule.Not && SegmentRule.TryParseStatus(rule.Value, out var status) && status == ContactStatus.Sleeping)
        || (rule.Rules ?? []).Any(TargetsSleeping);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId}: {Sent} messages queued")]
    private static partial void LogCampaignQueued(ILogger logger, long campaignId, int sent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} completed: its last message is final")]
    private static partial void LogCampaignDone(ILogger logger, long campaignId);
}

/// <summary>A campaign's results: its one step's counts, cost, the holdout comparison, revenue, A/B variants and results per day.</summary>
public sealed record CampaignReport(
    long CampaignId,
    string Status,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    int Sent,
    int Skipped,
    int Delivered,
    int Failed,
    int Clicked,
    int LandingOpens,
    int Replied,
    int CouponsRedeemed,
    int EngagedAfterwards,
    int Parts,
    decimal Cost,
    string Currency,
    decimal? CostPerEngaged,
    int HeldOut,
    DateTimeOffset? From,
    DateTimeOffset? To,
    HoldoutResult Holdout,
    double Revenue,
    double RevenuePerMessage,
    double? Roi,
    string AttributeTo,
    int AttributionDays,
    IReadOnlyList<VariantResult>? Variants,
    IReadOnlyList<DayResult> Days);
