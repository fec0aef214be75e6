namespace ReEngage.Gateway.Core.Marketing;

/// <summary>A contact's own buying rhythm: how many purchases, and the median time between them.</summary>
public readonly record struct Rhythm(int Purchases, TimeSpan? MedianInterval, DateTimeOffset? LastPurchase)
{
    /// <summary>When the next purchase is due if they keep their rhythm.</summary>
    public DateTimeOffset? ExpectedNext => LastPurchase is { } last && MedianInterval is { } interval ? last + interval : null;

    /// <summary>
    /// More than <paramref name="factor"/> times their own median interval without a purchase, with at least
    /// <paramref name="minPurchases"/> purchases to know the rhythm: a car dealer's customer is overdue after
    /// months, a grocer's after days.
    /// </summary>
    public bool IsOverdue(DateTimeOffset now, double factor, int minPurchases) =>
        Purchases >= minPurchases && MedianInterval is { } interval && LastPurchase is { } last && (now - last).Ticks > factor * interval.Ticks;
}

/// <summary>Computes a contact's rhythm from their purchase times (any order; same-instant duplicates count once).</summary>
public static class PurchaseRhythm
{
    public static Rhythm Of(IEnumerable<DateTimeOffset> purchases)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        var times = purchases.Distinct().Order().ToList();
        if (times.Count < 2)
        {
            return new Rhythm(times.Count, null, times.Count == 0 ? null : times[0]);
        }

        var gaps = times.Zip(times.Skip(1), (a, b) => (b - a).Ticks).Order().ToList();
        var mid = gaps.Count / 2;
        var median = gaps.Count % 2 == 1 ? gaps[mid] : (gaps[mid - 1] / 2) + (gaps[mid] / 2);
        return new Rhythm(times.Count, TimeSpan.FromTicks(median), times[^1]);
    }
}
