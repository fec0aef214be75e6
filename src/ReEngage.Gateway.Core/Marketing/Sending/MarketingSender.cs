using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>Who is sending: an automation step of a run, or a campaign.</summary>
public sealed record SendContext(long? AutomationId, long? CampaignId, int Step, StepDefinition Definition, int FrequencyCap, int FrequencyDays, int? BudgetParts)
{
    /// <summary>The A/B variant whose text <see cref="Definition"/> carries; null when the step has none.</summary>
    public int? Variant { get; init; }

    /// <summary>The step with variant <paramref name="variant"/>'s text as its template.</summary>
    public static StepDefinition WithText(StepDefinition step, int variant)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new StepDefinition
        {
            Name = step.Name, Kind = step.Kind, WaitDays = step.WaitDays, OnlyIfNotEngaged = step.OnlyIfNotEngaged, Template = step.Texts()[variant],
            LinkUrl = step.LinkUrl, LandingPage = step.LandingPage, Coupon = step.Coupon, SmartEncoding = step.SmartEncoding, MaxParts = step.MaxParts, MaxNameLength = step.MaxNameLength,
        };
    }

    public string Source => AutomationId is { } a ? $"automation:{a}" : $"campaign:{CampaignId}";
}

/// <summary>One recipient of a marketing send, with the run it belongs to (automations).</summary>
public sealed record Recipient(Contact Contact, long? RunId);

/// <summary>
/// Turns a step and its recipients into outbox messages, applying the guards on the way: opted-out and
/// unsubscribed contacts, the frequency cap, the budget, quiet hours in the contact's time zone. Every
/// recipient gets a <see cref="MarketingSend"/> row saying what happened.
/// </summary>
public sealed partial class MarketingSender(GatewayDbContext db, OutboxService outbox, IOptions<GatewayOptions> options, SendingRules rules, TimeProvider time, ILogger<MarketingSender> logger)
{
    /// <summary>Sends (or skips) the step to each recipient. The caller saves its own changes afterwards; the send rows are saved here.</summary>
    public async Task<IReadOnlyList<MarketingSend>> SendAsync(SendContext context, IReadOnlyList<Recipient> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(recipients);
        var now = time.GetUtcNow();
        var settings = options.Value;
        var sends = new List<MarketingSend>(recipients.Count);
        if (recipients.Count == 0)
        {
            return sends;
        }

        var ids = recipients.Select(r => r.Contact.Id).ToList();
        var phones = recipients.Select(r => r.Contact.Phone).ToList();
        var optedOut = await db.OptOuts.AsNoTracking().Where(o => phones.Contains(o.Phone)).Select(o => o.Phone).ToHashSetAsync(cancellationToken).ConfigureAwait(false);
        var since = now.AddDays(-context.FrequencyDays);
        var recent = await db.Sends.AsNoTracking().Where(s => ids.Contains(s.ContactId) && s.Outcome == SendOutcome.Sent && s.At >= since)
            .GroupBy(s => s.ContactId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken).ConfigureAwait(false);
        var spent = context.BudgetParts is null ? 0 : await SpentAsync(context, cancellationToken).ConfigureAwait(false);
        var renderer = new StepRenderer(context.Definition, settings);
        var template = renderer.Template;
        var couponPool = context.Definition.Coupon?.Pool is { } pool
            ? new Queue<Coupon>(await db.Coupons.Where(c => c.Pool == pool && c.ContactId == null && c.AssignedAt == null).OrderBy(c => c.Code).Take(recipients.Count).ToListAsync(cancellationToken).ConfigureAwait(false))
            : null;

        var messages = new List<(MarketingSend Send, SendRequest Request)>();
        var linkCodes = new Queue<string>(template is not null && (template.UsesLink || context.Definition.LandingPage is not null)
            ? await UniqueCodesAsync(recipients.Count, LinkCodes.New, (batch, ct) => db.Links.Where(l => batch.Contains(l.Code)).Select(l => l.Code).ToListAsync(ct), cancellationToken).ConfigureAwait(false)
            : []);
        var couponCodes = new Queue<string>(context.Definition.Coupon is { Pattern: { } pattern, Pool: null }
            ? await UniqueCodesAsync(recipients.Count, () => CouponCodes.Generate(pattern), (batch, ct) => db.Coupons.Where(c => batch.Contains(c.Code)).Select(c => c.Code).ToListAsync(ct), cancellationToken).ConfigureAwait(false)
            : []);
        foreach (var (contact, runId) in recipients)
        {
            var send = new MarketingSend { ContactId = contact.Id, AutomationId = context.AutomationId, CampaignId = context.CampaignId, RunId = runId, Step = context.Step, At = now, Outcome = SendOutcome.Skipped, Variant = context.Variant };
            sends.Add(send);
            if (contact.Status is ContactStatus.OptedOut or ContactStatus.Unsubscribed || optedOut.Contains(contact.Phone))
            {
                send.SkipReason = "opted_out";
                continue;
            }

            if (recent.GetValueOrDefault(contact.Id) >= context.FrequencyCap)
            {
                send.SkipReason = "frequency_cap";
                continue;
            }

            if (template is null)
            {
                send.SkipReason = "invalid";
                continue;
            }

            string? couponCode = null;
            DateTimeOffset? couponExpiry = null;
            Coupon? assigned = null;
            ShortLink? created = null;
            if (context.Definition.Coupon is { } couponDefinition)
            {
                couponExpiry = now.AddDays(couponDefinition.ValidDays);
                if (couponPool is not null)
                {
                    if (!couponPool.TryDequeue(out var pooled))
                    {
                        send.SkipReason = "no_coupons";
                        continue;
                    }

                    pooled.ContactId = contact.Id;
                    pooled.AutomationId = context.AutomationId;
                    pooled.CampaignId = context.CampaignId;
                    pooled.Step = context.Step;
                    pooled.AssignedAt = now;
                    pooled.ExpiresAt = couponExpiry;
                    couponCode = pooled.Code;
                    assigned = pooled;
                }
                else
                {
                    couponCode = couponCodes.Dequeue();
                    assigned = new Coupon { Code = couponCode, ContactId = contact.Id, AutomationId = context.AutomationId, CampaignId = context.CampaignId, Step = context.Step, CreatedAt = now, AssignedAt = now, ExpiresAt = couponExpiry };
                    db.Coupons.Add(assigned);
                }
            }

            string? link = null;
            if (template.UsesLink || context.Definition.LandingPage is not null)
            {
                var code = linkCodes.Dequeue();
                created = new ShortLink
                {
                    Code = code, ContactId = contact.Id, AutomationId = context.AutomationId, CampaignId = context.CampaignId, Step = context.Step,
                    Target = context.Definition.LandingPage is null ? context.Definition.LinkUrl : null, CouponCode = couponCode, CreatedAt = now,
                };
                db.Links.Add(created);
                send.LinkCode = code;
                link = $"{settings.Marketing.PublicBaseUrl.TrimEnd('/')}/s/{code}";
            }

            send.CouponCode = couponCode;
            var rendered = renderer.Render(contact, link, couponCode, couponExpiry);
            var text = rendered.Text;
            var parts = rendered.Parts;
            var skip = rendered.Invalid ? "invalid" : rendered.TooLong ? "too_long" : context.BudgetParts is { } budget && spent + parts > budget ? "budget" : null;
            if (skip is not null)
            {
                // Nothing goes out: the coupon goes back to its pool (or is not created) and the link is not kept.
                send.SkipReason = skip;
                send.CouponCode = send.LinkCode = null;
                if (created is not null)
                {
                    db.Links.Entry(created).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
                }

                if (assigned is not null && couponPool is null)
                {
                    db.Coupons.Entry(assigned).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
                }
                else if (assigned is not null)
                {
                    assigned.ContactId = null;
                    assigned.AutomationId = null;
                    assigned.CampaignId = null;
                    assigned.AssignedAt = null;
                    assigned.ExpiresAt = null;
                    couponPool!.Enqueue(assigned);
                }

                continue;
            }

            spent += parts;
            send.Parts = parts;
            var zone = Zone(contact.TimeZone, settings);
            var sendAt = QuietHours.NextAllowed(rules.QuietHours, now, zone);
            var key = context.AutomationId is { } automation ? $"run:{runId}:{context.Step}" : $"campaign:{context.CampaignId}:{contact.Id}";
            messages.Add((send, new SendRequest(contact.Phone, text, IdempotencyKey: key, SendAt: sendAt, Priority: "low", MaxParts: renderer.MaxParts, Source: context.Source)));
        }

        // Links and coupons first: a crash after this leaves unused codes, never a message pointing nowhere.
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (messages.Count > 0)
        {
            var result = await outbox.AcceptBulkAsync([.. messages.Select(m => m.Request)], cancellationToken).ConfigureAwait(false);
            foreach (var (index, id) in result.Accepted)
            {
                messages[index].Send.MessageId = id;
                messages[index].Send.Outcome = SendOutcome.Sent;
            }

            foreach (var (index, errors) in result.Rejected)
            {
                var (send, request) = messages[index];
                if (errors.ContainsKey("idempotencyKey"))
                {
                    // Accepted before a crash: the message exists, this is its record.
                    send.MessageId = await db.Messages.Where(m => m.IdempotencyKey == request.IdempotencyKey).Select(m => (long?)m.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                    send.Outcome = SendOutcome.Sent;
                }
                else
                {
                    send.SkipReason = errors.ContainsKey("to") ? "opted_out" : "invalid";
                    send.Parts = 0;
                }
            }

        }

        db.Sends.AddRange(sends);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var sentCount = sends.Count(s => s.Outcome == SendOutcome.Sent);
        LogSent(logger, context.Source, context.Step, sentCount, sends.Count - sentCount);
        return sends;
    }

    /// <summary>The business's time zone (relative dates), or a contact's own when it has one.</summary>
    public static TimeZoneInfo Zone(string? contactZone, GatewayOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var id in new[] { contactZone, settings.Marketing.TimeZone, settings.QuietHours.TimeZone })
        {
            if (id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                return zone;
            }
        }

        return TimeZoneInfo.Local;
    }

    private Task<int> SpentAsync(SendContext context, CancellationToken cancellationToken) =>
        context.AutomationId is { } automation
            ? db.Sends.Where(s => s.AutomationId == automation && s.Outcome == SendOutcome.Sent).SumAsync(s => s.Parts, cancellationToken)
            : db.Sends.Where(s => s.CampaignId == context.CampaignId && s.Outcome == SendOutcome.Sent).SumAsync(s => s.Parts, cancellationToken);

    /// <summary>Codes that are in neither the table nor each other, checked 500 at a time instead of one query per code.</summary>
    private static async Task<List<string>> UniqueCodesAsync(int count, Func<string> generate, Func<List<string>, CancellationToken, Task<List<string>>> existing, CancellationToken cancellationToken)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; codes.Count < count; round++)
        {
            if (round > 20)
            {
                throw new InvalidOperationException("The code pattern has run out of unused codes: make it longer.");
            }

            var candidates = new HashSet<string>(StringComparer.Ordinal);
            for (var i = codes.Count; i < count; i++)
            {
                var code = generate();
                if (!codes.Contains(code))
                {
                    candidates.Add(code);
                }
            }

            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunk in candidates.Chunk(500))
            {
                taken.UnionWith(await existing([.. chunk], cancellationToken).ConfigureAwait(false));
            }

            codes.UnionWith(candidates.Where(c => !taken.Contains(c)));
        }

        return [.. codes];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Marketing {Source} step {Step}: {Sent} queued, {Skipped} skipped")]
    private static partial void LogSent(ILogger logger, string source, int step, int sent, int skipped);
}
