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
public sealed class MessageClaimer(Fleet.FleetDirectory fleet, SendingRules rules, IOptions<DispatcherOptions> tuning, IOptions<GatewayOptions> options, IGatewayMetrics metrics, TimeProvider time)
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
    public async Task<ClaimedMessage?> ClaimAsync(GatewayDbContext db, ModemHandle handle, CancellationToken cancellationToken) =>
        (await LookAsync(db, handle, cancellationToken).ConfigureAwait(false)).Claimed;

    /// <summary>
    /// <see cref="ClaimAsync"/>, and how the look ended (a worker woken alone for a message that its modem may not
    /// take, <see cref="ClaimLook.Refused"/>, wakes the others) and the time it went by (<see cref="NextDueAsync"/>).
    /// </summary>
    public async Task<(ClaimedMessage? Claimed, ClaimLook Look, DateTimeOffset At)> LookAsync(GatewayDbContext db, ModemHandle handle, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (claimed, look) = await LookAsync(db, handle, now, cancellationToken).ConfigureAwait(false);
        return (claimed, look, now);
    }

    private async Task<(ClaimedMessage? Claimed, ClaimLook Look)> LookAsync(GatewayDbContext db, ModemHandle handle, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(handle);
        var name = handle.Name;
        var lowAllowed = QuietHours.NextAllowed(rules.QuietHours, now, rules.QuietZone) is null;
        var due = await DueAsync(db, name, now, lowAllowed, cancellationToken).ConfigureAwait(false);

        // Stickiness and avoidance weigh every modem of the fleet that can send, not only this node's.
        var ready = fleet.Ready();
        var candidates = Spread(due, name, ready);
        var moreWaiting = candidates.Count == Batch || candidates.Count - 1 >= ready.Count;
        var lost = false;
        var refused = false;
        foreach (var candidate in candidates)
        {
            var facts = new RoutingFacts(candidate.RequestedModem, candidate.Modem, candidate.PreferredModem, candidate.AvoidModem, candidate.CreatedAt);
            if (!RoutingPolicy.MayTake(facts, name, now, tuning.Value.StickyWait, ready)
                || !await WithinMonthlyCapAsync(db, handle, candidate.To, now, cancellationToken).ConfigureAwait(false))
            {
                refused = true;
                continue;
            }

            // Only the one about to be claimed is loaded whole and tracked (with its parts, in the same query);
            // the candidates were read as a few columns each. Its version as read now is the claim's condition.
            var message = await db.Messages.Include(m => m.Parts).AsSingleQuery().FirstOrDefaultAsync(m => m.Id == candidate.Id, cancellationToken).ConfigureAwait(false);
            if (message is null || !StillClaimable(message, name, now))
            {
                Forget(db, message);
                lost = true;
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
                Forget(db, message);
                lost = true;
                continue;
            }

            metrics.ClaimLooked(name, ClaimLook.Won);
            return (new ClaimedMessage(message, moreWaiting), ClaimLook.Won);
        }

        var look = refused ? ClaimLook.Refused : lost ? ClaimLook.Lost : ClaimLook.None;
        metrics.ClaimLooked(name, look);
        return (null, look);
    }

    // Between reading the candidates and loading this one, another worker may have claimed it (and even sent it).
    private static bool StillClaimable(OutboundMessage message, string name, DateTimeOffset now) =>
        (message.Status == MessageStatus.Queued || (message.Status == MessageStatus.Scheduled && message.SendAt <= now))
        && (message.NextAttemptAt is null || message.NextAttemptAt <= now)
        && (message.ValidUntil is null || message.ValidUntil > now)
        && (message.RequestedModem is null || message.RequestedModem == name)
        && (message.Modem is null || message.Modem == name);

    private static void Forget(GatewayDbContext db, OutboundMessage? message)
    {
        if (message is null)
        {
            return;
        }

        foreach (var part in message.Parts)
        {
            db.Entry(part).State = EntityState.Detached;
        }

        db.Entry(message).State = EntityState.Detached;
    }

    /// <summary>
    /// The first <see cref="Batch"/> messages due for this modem, by priority then age, as the few columns the
    /// choice needs (nothing tracked). One round trip: a UNION ALL of one index walk per priority for the queue
    /// (the priority is stored as text, so "ORDER BY priority" would be alphabetical: high, low, normal) and one
    /// for schedules that fell due, each stopping at the batch — so a claim costs the same with fifty messages
    /// waiting or fifty thousand.
    /// </summary>
    private static async Task<List<DueMessage>> DueAsync(GatewayDbContext db, string name, DateTimeOffset now, bool lowAllowed, CancellationToken cancellationToken)
    {
        var mine = db.Messages.AsNoTracking().Where(m =>
            (m.NextAttemptAt == null || m.NextAttemptAt <= now)
            && (m.ValidUntil == null || m.ValidUntil > now)
            && (m.RequestedModem == null || m.RequestedModem == name)
            && (m.Modem == null || m.Modem == name));
        var scheduled = mine.Where(m => m.Status == MessageStatus.Scheduled && m.SendAt <= now);
        if (!lowAllowed)
        {
            scheduled = scheduled.Where(m => m.Priority != MessagePriority.Low);
        }

        var union = scheduled.OrderBy(m => m.SendAt).Take(Batch);
        foreach (var priority in Priorities)
        {
            if (priority != MessagePriority.Low || lowAllowed)
            {
                union = union.Concat(mine.Where(m => m.Status == MessageStatus.Queued && m.Priority == priority).OrderBy(m => m.Id).Take(Batch));
            }
        }

        var due = await union
            .Select(m => new DueMessage(m.Id, m.Priority, m.To, m.RequestedModem, m.Modem, m.PreferredModem, m.AvoidModem, m.CreatedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. due.OrderBy(m => m.Priority).ThenBy(m => m.Id).Take(Batch)];
    }

    private static readonly MessagePriority[] Priorities = [MessagePriority.High, MessagePriority.Normal, MessagePriority.Low];

    /// <summary>
    /// When the next message this modem may take falls due — a scheduled one's send time, or a retry's — after
    /// <paramref name="lookedAt"/>, the time its last look for work went by: an idle worker sleeps until then
    /// instead of finding it at its next poll. Counted from the look, not from now: a message that fell due
    /// between the look and this query is returned (a time already past: look again at once), not skipped for
    /// the one after it.
    /// </summary>
    public static async Task<DateTimeOffset?> NextDueAsync(GatewayDbContext db, ModemHandle handle, DateTimeOffset lookedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(handle);
        var now = lookedAt;
        var name = handle.Name;
        var mine = db.Messages.Where(m => (m.RequestedModem == null || m.RequestedModem == name) && (m.Modem == null || m.Modem == name));

        // One round trip: the earliest future send time and the earliest retry, each its own index walk.
        var scheduled = mine.Where(m => m.Status == MessageStatus.Scheduled && m.SendAt > now).OrderBy(m => m.SendAt).Select(m => m.SendAt).Take(1);
        var retry = mine.Where(m => m.Status == MessageStatus.Queued && m.NextAttemptAt > now).OrderBy(m => m.NextAttemptAt).Select(m => m.NextAttemptAt).Take(1);
        var times = await scheduled.Concat(retry).ToListAsync(cancellationToken).ConfigureAwait(false);
        return times.Min();
    }

    /// <summary>
    /// Workers asking at the same moment (a fleet's modems, on several nodes) would all try the oldest message
    /// first, and all but one lose the race and ask again. Each modem starts at its own place among the
    /// oldest messages of the top priority instead — the n-th ready modem at the n-th — so a single modem still
    /// sends strictly oldest first, and the order across priorities is kept.
    /// </summary>
    private static List<DueMessage> Spread(List<DueMessage> candidates, string modem, IReadOnlyList<string> ready)
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

/// <summary>A due message as the claim's choice reads it: the routing facts, the recipient, the order.</summary>
internal sealed record DueMessage(long Id, MessagePriority Priority, string To, string? RequestedModem, string? Modem, string? PreferredModem, string? AvoidModem, DateTimeOffset CreatedAt);

/// <summary>A message claimed for one modem.</summary>
/// <param name="Message">The message, with its parts, now Sending under this node's lease.</param>
/// <param name="MoreWaiting">More messages were due than the fleet has modems ready.</param>
public sealed record ClaimedMessage(OutboundMessage Message, bool MoreWaiting);
