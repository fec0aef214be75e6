using System.Globalization;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// A segment rule, as the API and the rule builder exchange it. A group (<c>all</c>/<c>any</c>) combines
/// <see cref="Rules"/>; the others test one thing:
/// <list type="bullet">
/// <item><c>event</c>: had <see cref="Event"/> within <see cref="Days"/>/<see cref="Months"/> or since <see cref="Since"/>;</item>
/// <item><c>no_event</c>: did not (an event type of <c>any</c> means any activity);</item>
/// <item><c>birthday_this_month</c>, <c>tag</c> (<see cref="Value"/>), <c>attribute</c> (<see cref="Name"/> = <see cref="Value"/>),
/// <c>status</c> (<see cref="Value"/>).</item>
/// </list>
/// <see cref="Not"/> negates any rule.
/// </summary>
public sealed class SegmentRule
{
    public string Kind { get; set; } = string.Empty;

    public bool Not { get; set; }

    public List<SegmentRule>? Rules { get; set; }

    public string? Event { get; set; }

    public int? Days { get; set; }

    public int? Months { get; set; }

    public DateTimeOffset? Since { get; set; }

    public string? Name { get; set; }

    public string? Value { get; set; }

    /// <summary>overdue: how many times the contact's own median interval without a purchase (default 2).</summary>
    public double? Factor { get; set; }

    /// <summary>overdue: purchases needed to know a contact's rhythm (default 3).</summary>
    public int? MinPurchases { get; set; }

    /// <summary>The rule's problems, by JSON path; empty when it can be compiled.</summary>
    public IReadOnlyList<(string Path, string Message)> Validate() => Validate(this, "rule", 0);

    /// <summary>"purchase" → <see cref="ActivityType.Purchase"/>; "any" → null.</summary>
    public static bool TryParseEvent(string? name, out ActivityType? type)
    {
        type = null;
        if (string.Equals(name, "any", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (Enum.TryParse<ActivityType>(Pascal(name), ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(name, out _))
        {
            type = parsed;
            return true;
        }

        return false;
    }

    /// <summary>snake_case name of an event type, as the API spells it.</summary>
    public static string EventName(ActivityType type) =>
        string.Concat(type.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static bool TryParseStatus(string? value, out ContactStatus status)
    {
        return Enum.TryParse(Pascal(value), ignoreCase: false, out status) && Enum.IsDefined(status) && !int.TryParse(value, out _);
    }

    /// <summary>"promo_used" → "PromoUsed", as the enums are named.</summary>
    private static string Pascal(string? snake) =>
        string.Concat((snake ?? string.Empty).Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant()));

    private static List<(string, string)> Validate(SegmentRule rule, string path, int depth)
    {
        var errors = new List<(string, string)>();
        if (depth > 8)
        {
            errors.Add((path, "Rules are nested more than 8 levels deep."));
            return errors;
        }

        switch (rule.Kind)
        {
            case "all" or "any":
                if (rule.Rules is not { Count: > 0 })
                {
                    errors.Add((path + ".rules", $"An '{rule.Kind}' group needs at least one rule."));
                    break;
                }

                for (var i = 0; i < rule.Rules.Count; i++)
                {
                    errors.AddRange(rule.Rules[i] is { } child ? Validate(child, $"{path}.rules[{i}]", depth + 1) : [($"{path}.rules[{i}]", "The rule is empty.")]);
                }

                break;
            case "event" or "no_event":
                if (!TryParseEvent(rule.Event, out _))
                {
                    errors.Add((path + ".event", $"'{rule.Event}' is not an event type: use any, {string.Join(", ", Enum.GetValues<ActivityType>().Select(EventName))}."));
                }

                var periods = (rule.Days is null ? 0 : 1) + (rule.Months is null ? 0 : 1) + (rule.Since is null ? 0 : 1);
                if (periods != 1)
                {
                    errors.Add((path, "Give exactly one of 'days', 'months' or 'since'."));
                }
                else if (rule.Days is < 1 or > 3650 || rule.Months is < 1 or > 120)
                {
                    errors.Add((path, "'days' must be 1–3650 and 'months' 1–120."));
                }

                break;
            case "birthday_this_month":
                break;
            case "overdue":
                if (rule.Factor is < 1 or > 20)
                {
                    errors.Add((path + ".factor", "'factor' must be between 1 and 20 (times the contact's own median interval)."));
                }

                if (rule.MinPurchases is < 2 or > 100)
                {
                    errors.Add((path + ".minPurchases", "'minPurchases' must be between 2 and 100."));
                }

                break;
            case "tag":
                if (string.IsNullOrWhiteSpace(rule.Value))
                {
                    errors.Add((path + ".value", "A tag rule needs the tag in 'value'."));
                }

                break;
            case "attribute":
                if (string.IsNullOrWhiteSpace(rule.Name) || rule.Value is null)
                {
                    errors.Add((path, "An attribute rule needs 'name' and 'value'."));
                }

                break;
            case "status":
                if (!TryParseStatus(rule.Value, out _))
                {
                    errors.Add((path + ".value", $"'{rule.Value}' is not a status: use active, sleeping, unsubscribed or opted_out."));
                }

                break;
            default:
                errors.Add((path + ".kind", $"'{rule.Kind}' is not a rule kind: use all, any, event, no_event, overdue, birthday_this_month, tag, attribute or status."));
                break;
        }

        return errors;
    }

    /// <summary>A short English description ("no purchase in the last 90 days").</summary>
    public string Describe()
    {
        var text = Kind switch
        {
            "all" or "any" => "(" + string.Join(Kind == "all" ? " and " : " or ", (Rules ?? []).Select(r => r.Describe())) + ")",
            "event" or "no_event" => $"{(Kind == "no_event" ? "no " : string.Empty)}{Event} {Period()}",
            "birthday_this_month" => "birthday this month",
            "overdue" => $"no purchase for over {(Factor ?? 2).ToString("0.##", CultureInfo.InvariantCulture)}× their usual interval ({MinPurchases ?? 3}+ purchases)",
            "tag" => $"tagged {Value}",
            "attribute" => $"{Name} = {Value}",
            "status" => $"status {Value}",
            _ => Kind,
        };
        return Not ? "not " + text : text;
    }

    private string Period() =>
        Days is { } d ? $"in the last {d} days" : Months is { } m ? $"in the last {m} months" : $"since {Since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
