using System.Linq.Expressions;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// Compiles a rule tree into one LINQ predicate that EF Core turns into one parameterised SQL query:
/// values travel as closure members (SQL parameters), never as text spliced into SQL.
/// </summary>
public static class SegmentCompiler
{
    /// <summary>The predicate for contacts that match <paramref name="rule"/> at <paramref name="now"/> (relative periods count back from it in <paramref name="zone"/>).</summary>
    public static Expression<Func<Contact, bool>> Compile(SegmentRule rule, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(zone);
        if (rule.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"The rule is not valid: {errors[0].Message}", nameof(rule));
        }

        return Build(rule, TimeZoneInfo.ConvertTime(now, zone));
    }

    private static Expression<Func<Contact, bool>> Build(SegmentRule rule, DateTimeOffset localNow)
    {
        var expression = rule.Kind switch
        {
            "all" => rule.Rules!.Select(r => Build(r, localNow)).Aggregate((a, b) => Combine(a, b, Expression.AndAlso)),
            "any" => rule.Rules!.Select(r => Build(r, localNow)).Aggregate((a, b) => Combine(a, b, Expression.OrElse)),
            "event" => HadSince(Column(Event(rule)), Cutoff(rule, localNow)),
            "no_event" => NoneSince(Column(Event(rule)), Cutoff(rule, localNow)),
            "birthday_this_month" => BirthMonth(localNow.Month),
            "overdue" => Overdue(localNow.UtcTicks, rule.Factor ?? 2, rule.MinPurchases ?? 3),
            "tag" => Tagged(NormalizeTag(rule.Value!)),
            "attribute" => HasAttribute(NormalizeAttribute(rule.Name!), rule.Value!),
            "status" => HasStatus(Status(rule.Value)),
            _ => throw new ArgumentException($"Unknown rule kind '{rule.Kind}'.", nameof(rule)),
        };
        return rule.Not ? Expression.Lambda<Func<Contact, bool>>(Expression.Not(expression.Body), expression.Parameters) : expression;
    }

    public static string NormalizeTag(string tag) => tag.Trim().ToLowerInvariant();

    public static string NormalizeAttribute(string name) => name.Trim().ToLowerInvariant();

    /// <summary>The column holding the latest event of a type (null: any activity).</summary>
    public static Expression<Func<Contact, DateTimeOffset?>> Column(ActivityType? type) => type switch
    {
        null => c => c.LastActivityAt,
        ActivityType.Purchase => c => c.LastPurchaseAt,
        ActivityType.Visit => c => c.LastVisitAt,
        ActivityType.EmailOpen => c => c.LastEmailOpenAt,
        ActivityType.EmailClick => c => c.LastEmailClickAt,
        ActivityType.LinkClick => c => c.LastLinkClickAt,
        ActivityType.PromoUsed => c => c.LastPromoUsedAt,
        ActivityType.Loyalty => c => c.LastLoyaltyAt,
        ActivityType.SmsReply => c => c.LastSmsReplyAt,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static ActivityType? Event(SegmentRule rule) => SegmentRule.TryParseEvent(rule.Event, out var type) ? type : throw new ArgumentException($"Unknown event '{rule.Event}'.", nameof(rule));

    private static ContactStatus Status(string? value) => SegmentRule.TryParseStatus(value, out var status) ? status : throw new ArgumentException($"Unknown status '{value}'.", nameof(value));

    private static DateTimeOffset Cutoff(SegmentRule rule, DateTimeOffset localNow) =>
        rule.Days is { } days ? localNow.AddDays(-days) : rule.Months is { } months ? localNow.AddMonths(-months) : rule.Since!.Value;

    private static Expression<Func<Contact, bool>> HadSince(Expression<Func<Contact, DateTimeOffset?>> column, DateTimeOffset cutoff)
    {
        Expression<Func<DateTimeOffset?, bool>> test = at => at != null && at >= cutoff;
        return Apply(column, test);
    }

    private static Expression<Func<Contact, bool>> NoneSince(Expression<Func<Contact, DateTimeOffset?>> column, DateTimeOffset cutoff)
    {
        Expression<Func<DateTimeOffset?, bool>> test = at => at == null || at < cutoff;
        return Apply(column, test);
    }

    private static Expression<Func<Contact, bool>> BirthMonth(int month) => c => c.BirthMonth == month;

    // The same test as Rhythm.IsOverdue, in SQL: each contact against their own interval.
    private static Expression<Func<Contact, bool>> Overdue(long nowTicks, double factor, int minPurchases) =>
        c => c.PurchaseCount >= minPurchases && c.PurchaseIntervalTicks != null && c.LastPurchaseTicks != null
            && (double)(nowTicks - c.LastPurchaseTicks!.Value) > factor * (double)c.PurchaseIntervalTicks!.Value;

    private static Expression<Func<Contact, bool>> Tagged(string tag) => c => c.Tags.Any(t => t.Tag == tag);

    private static Expression<Func<Contact, bool>> HasAttribute(string name, string value) => c => c.Attributes.Any(a => a.Name == name && a.Value == value);

    private static Expression<Func<Contact, bool>> HasStatus(ContactStatus status) => c => c.Status == status;

    private static Expression<Func<Contact, bool>> Apply(Expression<Func<Contact, DateTimeOffset?>> column, Expression<Func<DateTimeOffset?, bool>> test) =>
        Expression.Lambda<Func<Contact, bool>>(new Replace(test.Parameters[0], column.Body).Visit(test.Body), column.Parameters);

    private static Expression<Func<Contact, bool>> Combine(Expression<Func<Contact, bool>> left, Expression<Func<Contact, bool>> right, Func<Expression, Expression, BinaryExpression> join) =>
        Expression.Lambda<Func<Contact, bool>>(join(left.Body, new Replace(right.Parameters[0], left.Parameters[0]).Visit(right.Body)), left.Parameters);

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
