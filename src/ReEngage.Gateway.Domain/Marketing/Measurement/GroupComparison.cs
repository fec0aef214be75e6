using ReEngage.Gateway.Core.Marketing.Statistics;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>One contact of a measured group: when they entered it, and whether and for how much they bought in the window after.</summary>
public readonly record struct Member(long ContactId, DateTimeOffset Entered, bool HeldOut, bool Bought, double Revenue);

/// <summary>A group's results: how many bought again, for how much.</summary>
public sealed record GroupResult(int Contacts, int BoughtAgain, double Rate, double RateLower, double RateUpper, double Revenue, double RevenuePerContact);

/// <summary>Messaged against held out: the lift with its interval and what it cost per customer it brought back.</summary>
public sealed record HoldoutResult(
    int HoldoutPercent,
    long Seed,
    string Metric,
    string Method,
    GroupResult Messaged,
    GroupResult HeldOut,
    double Lift,
    double LiftLower,
    double LiftUpper,
    bool Conclusive,
    string Verdict,
    double IncrementalBuyers,
    double IncrementalRevenue,
    decimal? CostPerIncrementalBuyer);

/// <summary>Builds the holdout comparison from the members of both groups: pure, so it is tested without a host.</summary>
public static class GroupComparison
{
    public const string Metric = "bought again (a purchase or a coupon redemption) within the window after entering the group";

    public static HoldoutResult Compare(IReadOnlyCollection<Member> members, int holdoutPercent, long seed, decimal cost)
    {
        ArgumentNullException.ThrowIfNull(members);
        var messaged = members.Where(m => !m.HeldOut).ToList();
        var heldOut = members.Where(m => m.HeldOut).ToList();
        var difference = ProportionStatistics.Difference(messaged.Count(m => m.Bought), messaged.Count, heldOut.Count(m => m.Bought), heldOut.Count);
        var m = Group(messaged, difference.Treated);
        var h = Group(heldOut, difference.Control);

        // What the messages added over what would have happened anyway, scaled to the messaged group.
        var incremental = heldOut.Count == 0 ? 0 : difference.Difference * messaged.Count;
        var incrementalRevenue = heldOut.Count == 0 ? 0 : (m.RevenuePerContact - h.RevenuePerContact) * messaged.Count;
        return new HoldoutResult(
            holdoutPercent, seed, Metric, ProportionDifference.Method, m, h,
            Math.Round(difference.Difference, 4), Math.Round(difference.Lower, 4), Math.Round(difference.Upper, 4),
            heldOut.Count > 0 && difference.Conclusive, heldOut.Count == 0 ? "no holdout: nothing to compare with" : difference.Verdict,
            Math.Round(incremental, 2), Math.Round(incrementalRevenue, 2),
            incremental >= 0.5 ? Math.Round(cost / (decimal)incremental, 4) : null);
    }

    private static GroupResult Group(List<Member> members, Proportion p)
    {
        var revenue = members.Sum(x => x.Revenue);
        return new GroupResult(members.Count, p.Successes, Math.Round(p.Rate, 4), Math.Round(p.Lower, 4), Math.Round(p.Upper, 4), Math.Round(revenue, 2), members.Count == 0 ? 0 : Math.Round(revenue / members.Count, 2));
    }
}
