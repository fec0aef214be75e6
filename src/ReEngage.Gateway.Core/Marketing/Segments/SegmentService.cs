using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>Evaluates segment rules against the contacts table.</summary>
public sealed class SegmentService(GatewayDbContext db, Transactions transactions, IOptions<GatewayOptions> options, TimeProvider time)
{
    /// <summary>The business's time zone, where "the last 3 months" and "this month" are counted.</summary>
    public TimeZoneInfo Zone => MarketingSender.Zone(null, options.Value);

    /// <summary>Parses a stored rule.</summary>
    public static SegmentRule ReadRule(Segment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return MarketingJson.Read<SegmentRule>(segment.RuleJson);
    }

    /// <summary>The contacts matching the rule now (or at <paramref name="at"/>, for forecasts).</summary>
    public IQueryable<Contact> Members(SegmentRule rule, DateTimeOffset? at = null) =>
        db.Contacts.AsNoTracking().Where(SegmentCompiler.Compile(rule, at ?? time.GetUtcNow(), Zone));

    /// <summary>Members that may be messaged: not opted out or unsubscribed; sleeping ones only when asked.</summary>
    public IQueryable<Contact> Reachable(SegmentRule rule, bool includeSleeping, DateTimeOffset? at = null)
    {
        var members = Members(rule, at).Where(c => c.Status == ContactStatus.Active || (includeSleeping && c.Status == ContactStatus.Sleeping));
        return members.Where(c => !db.OptOuts.Any(o => o.Phone == c.Phone));
    }

    public async Task<(int Count, int Reachable, IReadOnlyList<Contact> Sample)> PreviewAsync(SegmentRule rule, int sampleSize, CancellationToken cancellationToken)
    {
        var count = await Members(rule).CountAsync(cancellationToken).ConfigureAwait(false);
        var reachable = await Reachable(rule, includeSleeping: true).CountAsync(cancellationToken).ConfigureAwait(false);
        var sample = await Members(rule).OrderBy(c => c.Id).Take(sampleSize).Include(c => c.Tags).Include(c => c.Attributes).AsSplitQuery().ToListAsync(cancellationToken).ConfigureAwait(false);
        return (count, reachable, sample);
    }

    /// <summary>
    /// Moves active members of the sleeping segment to sleeping, and sleeping contacts who left it back
    /// to active. Two UPDATE statements, whatever the number of contacts.
    /// </summary>
    public async Task<(int Slept, int Woke)> ApplySleepingAsync(CancellationToken cancellationToken)
    {
        var segment = await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.MarksSleeping, cancellationToken).ConfigureAwait(false);
        if (segment is null)
        {
            return (0, 0);
        }

        var predicate = SegmentCompiler.Compile(ReadRule(segment), time.GetUtcNow(), Zone);
        var notMatching = Expression.Lambda<Func<Contact, bool>>(Expression.Not(predicate.Body), predicate.Parameters);
        var now = time.GetUtcNow();

        // Each change is told (contact.status, contact.sleeping / contact.reactivated) in the transaction that makes it.
        return await transactions.RunAsync(db, async (_, _) =>
        {
            var slept = await ContactStatusBulk.MoveAsync(db, db.Contacts.Where(predicate), ContactStatus.Active, ContactStatus.Sleeping, ContactChangeBy.Marketing, "sleeping_segment", now, cancellationToken).ConfigureAwait(false);
            var woke = await ContactStatusBulk.MoveAsync(db, db.Contacts.Where(notMatching), ContactStatus.Sleeping, ContactStatus.Active, ContactChangeBy.Marketing, "sleeping_segment", now, cancellationToken).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return (slept, woke);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Validates a rule given as JSON; the errors are keyed by JSON path.</summary>
    public static (SegmentRule? Rule, Dictionary<string, string[]> Errors) Parse(JsonElement? json)
    {
        var errors = new Dictionary<string, string[]>();
        if (json is not { ValueKind: JsonValueKind.Object } element)
        {
            errors["rule"] = ["'rule' must be an object such as {\"kind\":\"no_event\",\"event\":\"purchase\",\"days\":90}."];
            return (null, errors);
        }

        SegmentRule? rule;
        try
        {
            rule = element.Deserialize<SegmentRule>(MarketingJson.Options);
        }
        catch (JsonException ex)
        {
            errors["rule"] = [$"The rule is not valid JSON for a rule: {ex.Message.Split(" Path:", 2)[0]}"];
            return (null, errors);
        }

        foreach (var group in (rule?.Validate() ?? [("rule", "The rule is empty.")]).GroupBy(e => e.Path))
        {
            errors[group.Key] = [.. group.Select(e => e.Message)];
        }

        return errors.Count > 0 ? (null, errors) : (rule, errors);
    }
}
