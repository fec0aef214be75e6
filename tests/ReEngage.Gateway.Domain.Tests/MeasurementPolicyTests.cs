using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Marketing.Statistics;

namespace ReEngage.Gateway.Domain.Tests;

/// <summary>The statistics, the random split and the attribution as pure functions, checked against published values.</summary>
public sealed class MeasurementPolicyTests
{
    /// <summary>Newcombe (1998), Statistics in Medicine 17:873–890, Table II, method 10 (hybrid score, no continuity correction).</summary>
    [Theory]
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]
    [InlineData(5, 56, 0, 29, -0.0381, 0.1926)]
    [InlineData(0, 10, 0, 20, -0.1611, 0.2775)]
    [InlineData(0, 10, 0, 10, -0.2775, 0.2775)]
    [InlineData(10, 10, 0, 20, 0.6791, 1.0000)]
    [InlineData(10, 10, 0, 10, 0.6075, 1.0000)]
    public void NewcombeInterval_MatchesThePublishedExamples(int x1, int n1, int x2, int n2, double lower, double upper)
    {
        var d = ProportionStatistics.Difference(x1, n1, x2, n2);
        Assert.Equal(lower, d.Lower, 4);
        Assert.Equal(upper, d.Upper, 4);
        Assert.Equal((double)x1 / n1 - (double)x2 / n2, d.Difference, 10);
    }

    /// <summary>Newcombe (1998), Statistics in Medicine 17:857–872 (single proportions), method 3 (Wilson score).</summary>
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void WilsonInterval_MatchesThePublishedExamples(int x, int n, double lower, double upper)
    {
        var p = ProportionStatistics.Wilson(x, n);
        Assert.Equal(lower, p.Lower, 4);
        Assert.Equal(upper, p.Upper, 4);
    }

    [Fact]
    public void Verdict_IsNotYetConclusive_WhileTheIntervalIncludesZero()
    {
        Assert.Equal("not yet conclusive", ProportionStatistics.Difference(5, 56, 0, 29).Verdict);
        Assert.StartsWith("conclusive: more", ProportionStatistics.Difference(56, 70, 48, 80).Verdict);
        Assert.StartsWith("conclusive: fewer", ProportionStatistics.Difference(48, 80, 56, 70).Verdict);
        Assert.False(ProportionStatistics.Difference(0, 0, 0, 0).Conclusive);
    }

    [Fact]
    public void Split_IsReproducibleFromTheSeed_AndHoldsOutTheShareAsked()
    {
        var first = Enumerable.Range(1, 10_000).Where(id => SplitPolicy.IsHeldOut(42, id, 10)).ToList();
        var again = Enumerable.Range(1, 10_000).Reverse().Where(id => SplitPolicy.IsHeldOut(42, id, 10)).Order().ToList();
        var otherSeed = Enumerable.Range(1, 10_000).Where(id => SplitPolicy.IsHeldOut(43, id, 10)).ToList();
        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
        Assert.InRange(first.Count, 900, 1100);
        Assert.DoesNotContain(Enumerable.Range(1, 1000), id => SplitPolicy.IsHeldOut(42, id, 0));

        var variants = Enumerable.Range(1, 9_000).GroupBy(id => SplitPolicy.Variant(42, id, 0, 3)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([0, 1, 2], variants.Keys.Order());
        Assert.All(variants.Values, count => Assert.InRange(count, 2700, 3300));

        // The variant drawn at one step says nothing about the next: steps are split independently.
        var sameBoth = Enumerable.Range(1, 10_000).Count(id => SplitPolicy.Variant(42, id, 0, 2) == SplitPolicy.Variant(42, id, 1, 2));
        Assert.InRange(sameBoth, 4700, 5300);
    }

    [Fact]
    public void Attribution_CreditsTheLatestTouchInTheWindow_Once()
    {
        var t0 = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var touches = new[]
        {
            new Touch(1, t0, "0/0"),
            new Touch(1, t0.AddDays(3), "1/0"),
            new Touch(2, t0, "0/1"),
        };
        var purchases = new[]
        {
            new Purchase(1, t0.AddDays(4), 50),   // latest touch: step 1
            new Purchase(1, t0.AddDays(11), 20),  // 8 days after step 1: outside a 7-day window
            new Purchase(2, t0.AddDays(6), 30.5), // step 0, variant 1
            new Purchase(2, t0.AddDays(-1), 99),  // before any touch
            new Purchase(3, t0.AddDays(1), 10),   // never touched
        };
        var credits = AttributionPolicy.Credit(purchases, touches, TimeSpan.FromDays(7));
        Assert.Equal([new Credit("0/1", 1, 30.5), new Credit("1/0", 1, 50)], credits);
    }

    [Fact]
    public void GroupComparison_GivesLiftRevenueAndCostPerIncrementalBuyer()
    {
        var at = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var members = Enumerable.Range(0, 80).Select(i => new Member(i, at, false, i < 48, i < 48 ? 10 : 0))
            .Concat(Enumerable.Range(100, 70).Select(i => new Member(i, at, true, i < 100 + 28, i < 128 ? 10 : 0))).ToList();
        var result = GroupComparison.Compare(members, 10, 42, cost: 8m);
        Assert.Equal((80, 48, 0.6), (result.Messaged.Contacts, result.Messaged.BoughtAgain, result.Messaged.Rate));
        Assert.Equal((70, 28, 0.4), (result.HeldOut.Contacts, result.HeldOut.BoughtAgain, result.HeldOut.Rate));
        Assert.Equal(0.2, result.Lift, 4);
        Assert.True(result.Conclusive);
        Assert.Equal(16, result.IncrementalBuyers, 2);
        Assert.Equal(160, result.IncrementalRevenue, 2);
        Assert.Equal(0.5m, result.CostPerIncrementalBuyer);

        var none = GroupComparison.Compare([.. members.Where(m => !m.HeldOut)], 0, 42, 8m);
        Assert.Equal("no holdout: nothing to compare with", none.Verdict);
        Assert.Null(none.CostPerIncrementalBuyer);
    }

    /// <summary>The worked example in the README's re-engagement section, number for number.</summary>
    [Fact]
    public void ReadmeExample_IsWhatTheGatewayComputes()
    {
        var at = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var members = Enumerable.Range(0, 181).Select(i => new Member(i, at, false, i < 60, 0))
            .Concat(Enumerable.Range(1000, 19).Select(i => new Member(i, at, true, i < 1002, 0))).ToList();
        var r = GroupComparison.Compare(members, 10, 7, cost: 18.10m);
        Assert.Equal((181, 60, 0.3315, 0.267, 0.4029), (r.Messaged.Contacts, r.Messaged.BoughtAgain, r.Messaged.Rate, r.Messaged.RateLower, r.Messaged.RateUpper));
        Assert.Equal((19, 2, 0.1053, 0.0294, 0.3139), (r.HeldOut.Contacts, r.HeldOut.BoughtAgain, r.HeldOut.Rate, r.HeldOut.RateLower, r.HeldOut.RateUpper));
        Assert.Equal((0.2262, 0.0078, 0.3305, true), (r.Lift, r.LiftLower, r.LiftUpper, r.Conclusive));
        Assert.Equal("conclusive: more came back with the messages", r.Verdict);
        Assert.Equal((40.95, 0.442m), (r.IncrementalBuyers, r.CostPerIncrementalBuyer));

        var fewer = ProportionStatistics.Difference(38, 181, 2, 19);
        Assert.Equal((0.1047, -0.1106, 0.2046), (Math.Round(fewer.Difference, 4), Math.Round(fewer.Lower, 4), Math.Round(fewer.Upper, 4)));
        Assert.Equal("not yet conclusive", fewer.Verdict);
    }
}
