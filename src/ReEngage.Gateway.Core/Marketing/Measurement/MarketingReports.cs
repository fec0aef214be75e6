using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>Results of one step (or a campaign's message).</summary>
public sealed record StepResults(int Step, string Name, int Sent, int Skipped, int Delivered, int Failed, int Clicked, int LandingOpens, int Replied, int CouponsRedeemed, int Parts, decimal Cost)
{
    /// <summary>Held out at this step (not counted in <see cref="Skipped"/>): the control group.</summary>
    public int HeldOut { get; init; }
}

/// <summary>Counts results from the send log, messages, links, coupons and replies: nothing is counted twice or kept in counters that can drift.</summary>
public sealed class MarketingReports(GatewayDbContext db)
{
    public async Task<IReadOnlyList<StepResults>> StepsAsync(long? automationId, long? campaignId, IReadOnlyList<StepDefinition> steps, decimal costPerPart, ReportRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(range);
        var from = range.From ?? DateTimeOffset.MinValue;
        var to = range.To ?? DateTimeOffset.MaxValue;
        var sends = db.Sends.AsNoTracking().Where(s => (automationId != null ? s.AutomationId == automationId : s.CampaignId == campaignId) && s.At >= from && s.At < to);
        var heldOut = await sends.Where(s => s.SkipReason == "holdout").GroupBy(s => s.Step).Select(g => new { Step = g.Key, Count = g.Count() }).ToListAsync(cancellationToken).ConfigureAwait(false);
        sends = sends.Where(s => s.SkipReason == null || s.SkipReason != "holdout");
        var bySend = await sends.GroupBy(s => new { s.Step, s.Outcome }).Select(g => new { g.Key.Step, g.Key.Outcome, Count = g.Count(), Parts = g.Sum(s => s.Parts) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var byMessage = await sends.Where(s => s.MessageId != null)
            .Join(db.Messages, s => s.MessageId, m => m.Id, (s, m) => new { s.Step, m.Status })
            .GroupBy(x => new { x.Step, x.Status }).Select(g => new { g.Key.Step, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var links = await db.Links.AsNoTracking().Where(l => (automationId != null ? l.AutomationId == automationId : l.CampaignId == campaignId) && l.CreatedAt >= from && l.CreatedAt < to)
            .GroupBy(l => l.Step).Select(g => new { Step = g.Key, Clicked = g.Count(l => l.Clicks > 0), Opened = g.Count(l => l.Opens > 0) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var replies = await db.Responses.AsNoTracking().Where(r => (automationId != null ? r.AutomationId == automationId : r.CampaignId == campaignId) && r.At >= from && r.At < to)
            .GroupBy(r => r.Step).Select(g => new { Step = g.Key, Count = g.Select(r => r.ContactId).Distinct().Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var coupons = await db.Coupons.AsNoTracking().Where(c => c.RedeemedAt != null && c.AssignedAt >= from && c.AssignedAt < to && (automationId != null ? c.AutomationId == automationId : c.CampaignId == campaignId))
            .GroupBy(c => c.Step).Select(g => new { Step = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        return [.. steps.Select((step, i) =>
        {
            var parts = bySend.Where(x => x.Step == i && x.Outcome == SendOutcome.Sent).Sum(x => x.Parts);
            return new StepResults(
                i,
                step.Name,
                bySend.Where(x => x.Step == i && x.Outcome == SendOutcome.Sent).Sum(x => x.Count),
                bySend.Where(x => x.Step == i && x.Outcome == SendOutcome.Skipped).Sum(x => x.Count),
                byMessage.Where(x => x.Step == i && x.Status == MessageStatus.Delivered).Sum(x => x.Count),
                byMessage.Where(x => x.Step == i && x.Status is MessageStatus.Failed or MessageStatus.Expired).Sum(x => x.Count),
                links.Where(x => x.Step == i).Sum(x => x.Clicked),
                links.Where(x => x.Step == i).Sum(x => x.Opened),
                replies.Where(x => x.Step == i).Sum(x => x.Count),
                coupons.Where(x => x.Step == i).Sum(x => x.Count),
                parts,
                parts * costPerPart) { HeldOut = heldOut.Where(x => x.Step == i).Sum(x => x.Count) };
        })];
    }
}
