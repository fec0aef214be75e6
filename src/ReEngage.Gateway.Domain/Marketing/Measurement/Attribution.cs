namespace ReEngage.Gateway.Core.Marketing;

/// <summary>A purchase (or a redemption with a value) by a contact.</summary>
public readonly record struct Purchase(long ContactId, DateTimeOffset At, double Value);

/// <summary>A moment a step reached a contact: its link clicked, or its SMS sent/delivered. <c>Key</c> names the step (and variant).</summary>
public readonly record struct Touch(long ContactId, DateTimeOffset At, string Key);

/// <summary>Revenue and purchases credited to one step (or variant).</summary>
public sealed record Credit(string Key, int Purchases, double Revenue);

/// <summary>
/// Credits each purchase to the latest touch of the same contact in the window before it (last touch wins),
/// at most once: two SMS before one purchase do not double its revenue.
/// </summary>
public static class AttributionPolicy
{
    public static IReadOnlyList<Credit> Credit(IEnumerable<Purchase> purchases, IEnumerable<Touch> touches, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(touches);
        var byContact = touches.GroupBy(t => t.ContactId).ToDictionary(g => g.Key, g => g.OrderBy(t => t.At).ToList());
        var credits = new Dictionary<string, (int Count, double Revenue)>(StringComparer.Ordinal);
        foreach (var purchase in purchases)
        {
            if (!byContact.TryGetValue(purchase.ContactId, out var list))
            {
                continue;
            }

            var touch = list.LastOrDefault(t => t.At <= purchase.At && purchase.At - t.At <= window);
            if (touch.Key is null)
            {
                continue;
            }

            var (count, revenue) = credits.GetValueOrDefault(touch.Key);
            credits[touch.Key] = (count + 1, revenue + purchase.Value);
        }

        return [.. credits.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new Credit(c.Key, c.Value.Count, Math.Round(c.Value.Revenue, 2)))];
    }
}
