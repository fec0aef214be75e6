using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>One thing that happened to a contact: an activity event, a message, a reply, an automation or campaign step.</summary>
public sealed record TimelineItem(DateTimeOffset At, string Kind, string What, string? Detail, long? Ref);

/// <summary>A contact's history, newest first: what the contact page shows and the shop's support asks for.</summary>
public sealed class ContactTimeline(GatewayDbContext db)
{
    /// <summary>The contact's timeline, or null when there is no such contact.</summary>
    public async Task<IReadOnlyList<TimelineItem>?> ForAsync(long id, CancellationToken cancellationToken)
    {
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        if (contact is null)
        {
            return null;
        }

        var items = new List<TimelineItem>();
        items.AddRange((await db.Events.AsNoTracking().Where(e => e.ContactId == id).OrderByDescending(e => e.At).Take(500).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(e => new TimelineItem(e.At, "event", SegmentRule.EventName(e.Type), e.Value?.ToString(CultureInfo.InvariantCulture), null)));
        items.AddRange((await db.Messages.AsNoTracking().Where(m => m.To == contact.Phone).OrderByDescending(m => m.Id).Take(200).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(m => new TimelineItem(m.CreatedAt, "message", m.Status.ToString().ToLowerInvariant(), m.Text, m.Id)));
        items.AddRange((await db.Inbound.AsNoTracking().Where(i => i.From == contact.Phone).OrderByDescending(i => i.Id).Take(200).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(i => new TimelineItem(i.ReceivedAt, "reply", i.Keyword ?? "text", i.Text, i.Id)));
        items.AddRange((await db.Sends.AsNoTracking().Where(s => s.ContactId == id).OrderByDescending(s => s.Id).Take(200).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(s => new TimelineItem(s.At, s.AutomationId is { } a ? $"automation:{a}" : $"campaign:{s.CampaignId}", $"step {s.Step} {s.Outcome.ToString().ToLowerInvariant()}", s.SkipReason, s.MessageId)));
        items.AddRange((await db.Runs.AsNoTracking().Where(r => r.ContactId == id).ToListAsync(cancellationToken).ConfigureAwait(false))
            .SelectMany(r => new[] { new TimelineItem(r.EnrolledAt, $"automation:{r.AutomationId}", "enrolled", null, r.Id) }
                .Concat(r.EndedAt is { } ended ? [new TimelineItem(ended, $"automation:{r.AutomationId}", "ended", r.Outcome is { } o ? MarketingNames.Of(o) : null, r.Id)] : [])));

        // Which step a reply was counted for: a survey answer or a contest entry.
        items.AddRange((await db.Responses.AsNoTracking().Where(r => r.ContactId == id).OrderByDescending(r => r.Id).Take(200).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(r => new TimelineItem(r.At, r.AutomationId is { } a ? $"automation:{a}" : $"campaign:{r.CampaignId}", $"step {r.Step} {r.Kind}", r.Text, r.InboundId)));
        return [.. items.OrderByDescending(i => i.At)];
    }
}
