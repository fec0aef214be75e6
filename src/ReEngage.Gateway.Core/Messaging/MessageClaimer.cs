using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging.Policies;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Claims the next message a modem may send: due, by priority, routed by <see cref="RoutingPolicy"/>, within
/// the SIM's monthly-recipient cap. A claim is a lease saved with the message's version as its condition —
/// one conditional UPDATE — so two workers, or two gateway processes on one database, can never both win it.
/// </summary>
public sealed class MessageClaimer(Fleet.FleetDirectory fleet, SendingRules rules, IOptions<DispatcherOptions> tuning, IOptions<GatewayOptions> options, TimeProvider time)
{
    private const int Batch = 25;
    private readonly string node = options.Value.Node.EffectiveName;

    /// <summary>This gateway's node name, written on its claims.</summary>
    public string Node => node;

    /// <summary>
    /// Claims the next message this modem may send, or returns null. <see cref="ClaimedMessage.MoreWaiting"/> says
    /// whether more is due than the fleet has modems ready, the one case where a busy modem may claim its next
    /// message while its current part is in flight without keeping it from an idle modem.
    /// </summary>
    public async Task<ClaimedMessage?> ClaimAsync(GatewayDbContext db, ModemHandle handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(handle);
        var now = time.GetUtcNow();
        var name = handle.Name;
        var lowAllowed = QuietHours.NextAllowed(rules.QuietHours, now, rules.QuietZone) is null;
        var due = await DueAsync(db, name, now, lowAllowed, cancellationToken).ConfigureAwait(false);

        // Stickiness and avoidance weigh every modem of the fleet that can send, not only this node's.
        var ready = fleet.Ready();
        var candidates = Spread(due, name, ready);
        var moreWaiting = candidates.Count == Batch || candidates.Count - 1 >= ready.Count;
        foreach (var message in candidates)
        {
            var facts = new RoutingFacts(message.RequestedModem, message.Modem, message.PreferredModem, message.AvoidModem, message.CreatedAt);
            if (!RoutingPolicy.MayTake(facts, name, now, tuning.Value.StickyWait, ready)
                || !await WithinMonthlyCapAsync(db, handle, message.To, now, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            message.Claim(node, name, now + tuning.Value.LeaseDuration);
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another worker or node claimed (or someone cancelled) it first: try the next one.
                db.Entry(message).State = EntityState.Detached;
                continue;
            }

            await db.Entry(message).Collection(m => m.Parts).LoadAsync(cancellationToken).ConfigureAwait(false);
            return new ClaimedMessage(message, moreWaiting);
        }

        return null;
    }

    /// <summary>
    /// The first <see cref="Batch"/> messages due for this modem, by priority then age. Each query walks an index
    /// in its own order and stops at the batch — one per priority for the queue (the priority is stored as text,
    /// so "ORDER BY priority" would be alphabetical: high, low, normal), one for schedules that fell due — so a
    /// claim costs the same with fifty messages waiting or fifty thousand.
    /// </summary>
    private static async Task<List<OutboundMessage>> DueAsync(GatewayDbContext db, string name, DateTimeOffset now, bool lowAllowed, CancellationToken cancellationToken)
    {
        var mine = db.Messages.Where(m =>
            (m.NextAttemptAt == null || m.NextAttemptAt <= now)
            && (m.ValidUntil == null || m.ValidUntil > now)
            && (m.RequestedModem == null || m.RequestedModem == name)
            && (m.Modem == null || m.Modem == name));
        var due = new List<OutboundMessage>(Batch);
        foreach (var priority in Priorities)
        {
            if (priority == MessagePriority.Low && !lowAllowed)
            {
                break;
            }

            var take = Batch - due.Count;
            due.AddRange(await mine.Where(m => m.Status == MessageStatus.Queued && m.Priority == priority)
                .OrderBy(m => m.Id).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false));
            if (due.Count == Batch)
            {
                break;
            }
        }

        var scheduled = mine.Where(m => m.Status == MessageStatus.Scheduled && m.SendAt <= now);
        if (!lowAllowed)
        {
            scheduled = scheduled.Where(m => m.Priority != MessagePriority.Low);
        }

        due.AddRange(await scheduled.OrderBy(m => m.SendAt).Take(Batch).ToListAsync(cancellationToken).ConfigureAwait(false));
        return [.. due.OrderBy(m => m.Priority).ThenBy(m => m.Id).Take(Batch)];
    }

    private static readonly MessagePriority[] Priorities = [MessagePriority.High, MessagePriority.Normal, MessagePriority.Low];

    /// <summary>
    /// When the next message this modem may take falls due — a scheduled one's send time, or a retry's — if that
    /// is in the future: an idle worker sleeps until then instead of finding it at its next poll.
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync(GatewayDbContext db, ModemHandle handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(handle);
        var now = time.GetUtcNow();
        var name = handle.Name;
        var mine = db.Messages.Where(m => (m.RequestedModem == null || m.RequestedModem == name) && (m.Modem == null || m.Modem == name));
        var scheduled = await mine.Where(m => m.Status == MessageStatus.Scheduled && m.SendAt > now)
            .OrderBy(m => m.SendAt).Select(m => m.SendAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var retry = await mine.Where(m => m.Status == MessageStatus.Queued && m.NextAttemptAt > now)
            .OrderBy(m => m.NextAttemptAt).Select(m => m.NextAttemptAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return (scheduled, retry) switch
        {
            ({ } s, { } r) => s < r ? s : r,
            ({ } s, null) => s,
            (null, var r) => r,
        };
    }

    /// <summary>
    /// Workers asking at the same moment (a fleet's modems, on several nodes) would all try the oldest message
    /// first, and all but one lose the race and ask again. Each modem starts at its own place among the
    /// oldest messages of the top priority instead — the n-th ready modem at the n-th — so a single modem still
    /// sends strictly oldest first, and the order across priorities is kept.
    /// </summary>
    private static List<OutboundMessage> Spread(List<OutboundMessage> candidates, string modem, IReadOnlyList<string> ready)
    {
        var rank = ready.Order(StringComparer.OrdinalIgnoreCase).ToList().FindIndex(r => string.Equals(r, modem, StringComparison.OrdinalIgnoreCase));
        if (candidates.Count < 2 || rank <= 0)
        {
            return candidates;
        }

        var top = candidates.TakeWhile(m => m.Priority == candidates[0].Priority).ToList();
        var start = rank % top.Count;
        return [.. top.Skip(start), .. top.Take(start), .. candidates.Skip(top.Count)];
    }

    private static async Task<bool> WithinMonthlyCapAsync(GatewayDbContext db, ModemHandle handle, string to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (handle.Limits.MonthlyRecipients is not { } cap)
        {
            return true;
        }

        var name = handle.Name;
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return await db.Messages.AnyAsync(m => m.Modem == name && m.To == to && m.SentAt >= monthStart, cancellationToken).ConfigureAwait(false)
            || await db.Messages.Where(m => m.Modem == name && m.SentAt >= monthStart).Select(m => m.To).Distinct().CountAsync(cancellationToken).ConfigureAwait(false) < cap;
    }
}

/// <summary>A message claimed for one modem.</summary>
/// <param name="Message">The message, with its parts, now Sending under this node's lease.</param>
/// <param name="MoreWaiting">More messages were due than the fleet has modems ready.</param>
public sealed record ClaimedMessage(OutboundMessage Message, bool MoreWaiting);
