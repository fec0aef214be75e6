using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing.Statistics;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>A report's time frame: members who entered (were enrolled, or sent to) in [From, To).</summary>
public sealed record ReportRange(DateTimeOffset? From, DateTimeOffset? To)
{
    public static ReportRange All { get; } = new(null, null);

    public bool Contains(DateTimeOffset at) => (From is null || at >= From) && (To is null || at < To);
}

/// <summary>One A/B variant of a step against the first text.</summary>
public sealed record VariantResult(int Variant, string Text, int Sent, int Clicked, int BoughtAgain, double Revenue, double ClickRate, double BuyRate, double? BuyLiftVsFirst, double? BuyLiftLower, double? BuyLiftUpper, string? Verdict);

/// <summary>Revenue credited to one step (all its variants).</summary>
public sealed record StepRevenue(int Step, int Purchases, double Revenue, double RevenuePerMessage);

/// <summary>One day of results: who entered each group, who of them bought again, and the revenue credited on that day.</summary>
public sealed record DayResult(DateOnly Date, int Messaged, int HeldOut, int MessagedBought, int HeldOutBought, double Revenue);

/// <summary>Everything measured for an automation or a campaign in a time frame.</summary>
public sealed record Measurement(HoldoutResult Holdout, string AttributeTo, int AttributionDays, double Revenue, double RevenuePerMessage, double? Roi, IReadOnlyList<StepRevenue> StepRevenue, IReadOnlyDictionary<int, IReadOnlyList<VariantResult>> Variants, IReadOnlyList<DayResult> Days);

/// <summary>
/// Holdout lift, A/B variants, revenue attribution and results over time, read from the runs, the send
/// log, links and activity events: nothing is kept in counters that could drift from what happened.
/// </summary>
public sealed class MeasurementService(GatewayDbContext db, SegmentService segments, IOptions<GatewayOptions> options, TimeProvider time)
{
    private sealed record SendRow(long ContactId, int Step, int? Variant, DateTimeOffset At, int Parts, string? LinkCode, long? MessageId, bool Sent, bool HeldOut);

    public async Task<Measurement> AutomationAsync(Automation automation, AutomationDefinition definition, ReportRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(automation);
        ArgumentNullException.ThrowIfNull(definition);
        var id = automation.Id;
        var runs = (await db.Runs.AsNoTracking().Where(r => r.AutomationId == id).Select(r => new { r.ContactId, r.EnrolledAt, r.HeldOut }).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Where(r => range.Contains(r.EnrolledAt)).ToList();
        var sends = await SendsAsync(db.Sends.Where(s => s.AutomationId == id), range, cancellationToken).ConfigureAwait(false);
        var entered = runs.Select(r => (r.ContactId, r.EnrolledAt, r.HeldOut)).ToList();
        return await MeasureAsync(entered, sends, definition, TimeSpan.FromDays(definition.TimeLimitDays), definition.Steps, AutomationRunner.SeedOf(automation, definition), cancellationToken).ConfigureAwait(false);
    }

    public async Task<Measurement> CampaignAsync(Campaign campaign, CampaignDefinition definition, ReportRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(definition);
        var id = campaign.Id;
        var sends = await SendsAsync(db.Sends.Where(s => s.CampaignId == id), range, cancellationToken).ConfigureAwait(false);
        var entered = sends.Where(s => s.Sent || s.HeldOut).Select(s => (s.ContactId, s.At, s.HeldOut)).ToList();
        return await MeasureAsync(entered, sends, definition, TimeSpan.FromDays(definition.AttributionDays), [definition.Message], definition.Seed ?? id, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<SendRow>> SendsAsync(IQueryable<MarketingSend> query, ReportRange range, CancellationToken cancellationToken) =>
        [.. (await query.AsNoTracking()
            .Where(s => s.Outcome == SendOutcome.Sent || s.SkipReason == "holdout")
            .Select(s => new SendRow(s.ContactId, s.Step, s.Variant, s.At, s.Parts, s.LinkCode, s.MessageId, s.Outcome == SendOutcome.Sent, s.SkipReason == "holdout"))
            .ToListAsync(cancellationToken).ConfigureAwait(false)).Where(s => range.Contains(s.At))];

    private async Task<Measurement> MeasureAsync(List<(long ContactId, DateTimeOffset At, bool HeldOut)> entered, List<SendRow> sends, MeasuredDefinition definition, TimeSpan lookAhead, List<StepDefinition> steps, long seed, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var contactIds = entered.Select(e => e.ContactId).Concat(sends.Select(s => s.ContactId)).Distinct().ToList();
        var since = entered.Count == 0 ? now : entered.Min(e => e.At);
        // Revenue is summed in the business's currency; purchases recorded in another one count as
        // purchases (they bought) but not as revenue, rather than adding lire to euros.
        var currency = settings.Marketing.Currency;
        var events = new List<(long ContactId, DateTimeOffset At, ActivityType Type, double Value)>();
        foreach (var chunk in contactIds.Chunk(5000))
        {
            events.AddRange((await db.Events.AsNoTracking()
                .Where(e => chunk.Contains(e.ContactId) && (e.Type == ActivityType.Purchase || e.Type == ActivityType.PromoUsed) && e.At >= since)
                .Select(e => new { e.ContactId, e.At, e.Type, e.Value, e.Currency }).ToListAsync(cancellationToken).ConfigureAwait(false))
                .Select(e => (e.ContactId, e.At, e.Type, e.Currency is null || string.Equals(e.Currency, currency, StringComparison.OrdinalIgnoreCase) ? e.Value ?? 0 : 0)));
        }

        var byContact = events.GroupBy(e => e.ContactId).ToDictionary(g => g.Key, g => g.ToList());
        Member MemberOf(long contact, DateTimeOffset at, bool heldOut, TimeSpan window)
        {
            var within = byContact.GetValueOrDefault(contact)?.Where(e => e.At >= at && e.At <= at + window && e.At <= now).ToList() ?? [];
            return new Member(contact, at, heldOut, within.Count > 0, within.Where(e => e.Type == ActivityType.Purchase).Sum(e => e.Value));
        }

        var members = entered.Select(e => MemberOf(e.ContactId, e.At, e.HeldOut, lookAhead)).ToList();
        var cost = sends.Where(s => s.Sent).Sum(s => s.Parts) * settings.Marketing.CostPerPart;
        var holdout = GroupComparison.Compare(members, definition.HoldoutPercent, seed, cost);

        // Revenue attribution: each purchase to the latest click (or delivered SMS) of this automation or campaign in the window.
        var window = TimeSpan.FromDays(definition.AttributionDays);
        var sent = sends.Where(s => s.Sent).ToList();
        var touches = await TouchesAsync(sent, definition.AttributeTo, cancellationToken).ConfigureAwait(false);
        var purchases = events.Where(e => e.Type == ActivityType.Purchase && e.At <= now).Select(e => new Purchase(e.ContactId, e.At, e.Value)).ToList();
        var credits = AttributionPolicy.Credit(purchases, touches.Select(t => t.Touch), window);
        var revenue = credits.Sum(c => c.Revenue);
        var stepRevenue = steps.Select((_, i) =>
        {
            var mine = credits.Where(c => c.Key.StartsWith($"{i}/", StringComparison.Ordinal)).ToList();
            var messages = sent.Count(s => s.Step == i);
            return new StepRevenue(i, mine.Sum(c => c.Purchases), Math.Round(mine.Sum(c => c.Revenue), 2), messages == 0 ? 0 : Math.Round(mine.Sum(c => c.Revenue) / messages, 4));
        }).ToList();

        var variants = new Dictionary<int, IReadOnlyList<VariantResult>>();
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Variants is { Count: > 0 })
            {
                variants[i] = Variants(i, steps[i], sent, touches, window, credits, MemberOf);
            }
        }

        var zone = segments.Zone;
        var creditedByDay = AttributedByDay(purchases, touches.Select(t => t.Touch).ToList(), window, zone);
        var days = members.GroupBy(m => Day(m.Entered, zone)).Select(g => g.Key).Union(creditedByDay.Keys).Order()
            .Select(d =>
            {
                var on = members.Where(m => Day(m.Entered, zone) == d).ToList();
                return new DayResult(d, on.Count(m => !m.HeldOut), on.Count(m => m.HeldOut), on.Count(m => !m.HeldOut && m.Bought), on.Count(m => m.HeldOut && m.Bought), Math.Round(creditedByDay.GetValueOrDefault(d), 2));
            }).ToList();
        return new Measurement(
            holdout,
            MarketingNames.Of(definition.AttributeTo),
            definition.AttributionDays,
            Math.Round(revenue, 2),
            sent.Count == 0 ? 0 : Math.Round(revenue / sent.Count, 4),
            cost == 0 ? null : Math.Round((revenue - (double)cost) / (double)cost, 4),
            stepRevenue,
            variants,
            days);
    }

    private async Task<List<(Touch Touch, SendRow Send)>> TouchesAsync(List<SendRow> sent, AttributionBasis basis, CancellationToken cancellationToken)
    {
        var result = new List<(Touch, SendRow)>();
        if (basis == AttributionBasis.Click)
        {
            var codes = sent.Where(s => s.LinkCode is not null).Select(s => s.LinkCode!).ToList();
            var clicks = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var chunk in codes.Chunk(5000))
            {
                foreach (var link in await db.Links.AsNoTracking().Where(l => chunk.Contains(l.Code) && l.FirstClickAt != null).Select(l => new { l.Code, l.FirstClickAt }).ToListAsync(cancellationToken).ConfigureAwait(false))
                {
                    clicks[link.Code] = link.FirstClickAt!.Value;
                }
            }

            result.AddRange(sent.Where(s => s.LinkCode is not null && clicks.ContainsKey(s.LinkCode)).Select(s => (new Touch(s.ContactId, clicks[s.LinkCode!], Key(s)), s)));
            return result;
        }

        var ids = sent.Where(s => s.MessageId is not null).Select(s => s.MessageId!.Value).ToList();
        var delivered = new Dictionary<long, DateTimeOffset>();
        foreach (var chunk in ids.Chunk(5000))
        {
            foreach (var m in await db.Messages.AsNoTracking().Where(m => chunk.Contains(m.Id) && m.DeliveredAt != null).Select(m => new { m.Id, m.DeliveredAt }).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                delivered[m.Id] = m.DeliveredAt!.Value;
            }
        }

        result.AddRange(sent.Where(s => s.MessageId is { } m && delivered.ContainsKey(m)).Select(s => (new Touch(s.ContactId, delivered[s.MessageId!.Value], Key(s)), s)));
        return result;
    }

    private static List<VariantResult> Variants(int step, StepDefinition definition, List<SendRow> sent, List<(Touch Touch, SendRow Send)> touches, TimeSpan window, IReadOnlyList<Credit> credits, Func<long, DateTimeOffset, bool, TimeSpan, Member> memberOf)
    {
        var texts = definition.Texts();
        var rows = texts.Select((text, v) =>
        {
            var mine = sent.Where(s => s.Step == step && (s.Variant ?? 0) == v).ToList();
            var clicked = touches.Count(t => t.Send.Step == step && (t.Send.Variant ?? 0) == v && t.Send.LinkCode is not null);
            var bought = mine.Count(s => memberOf(s.ContactId, s.At, false, window).Bought);
            var revenue = credits.Where(c => c.Key == $"{step}/{v}").Sum(c => c.Revenue);
            return (Text: text, Sent: mine.Count, Clicked: clicked, Bought: bought, Revenue: revenue);
        }).ToList();
        return [.. rows.Select((r, v) =>
        {
            ProportionDifference? vsFirst = v == 0 ? null : ProportionStatistics.Difference(r.Bought, r.Sent, rows[0].Bought, rows[0].Sent);
            return new VariantResult(v, r.Text, r.Sent, r.Clicked, r.Bought, Math.Round(r.Revenue, 2),
                r.Sent == 0 ? 0 : Math.Round((double)r.Clicked / r.Sent, 4), r.Sent == 0 ? 0 : Math.Round((double)r.Bought / r.Sent, 4),
                vsFirst is null ? null : Math.Round(vsFirst.Difference, 4), vsFirst is null ? null : Math.Round(vsFirst.Lower, 4), vsFirst is null ? null : Math.Round(vsFirst.Upper, 4), vsFirst?.Verdict);
        })];
    }

    private static Dictionary<DateOnly, double> AttributedByDay(List<Purchase> purchases, List<Touch> touches, TimeSpan window, TimeZoneInfo zone) =>
        purchases.GroupBy(p => Day(p.At, zone)).ToDictionary(g => g.Key, g => AttributionPolicy.Credit(g, touches, window).Sum(c => c.Revenue));

    private static string Key(SendRow s) => $"{s.Step}/{s.Variant ?? 0}";

    private static DateOnly Day(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
}
