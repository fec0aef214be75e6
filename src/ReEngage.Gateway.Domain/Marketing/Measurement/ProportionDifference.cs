namespace ReEngage.Gateway.Core.Marketing.Statistics;

/// <summary>A rate with its 95 % Wilson score interval.</summary>
public sealed record Proportion(int Successes, int Trials, double Rate, double Lower, double Upper);

/// <summary>The difference of two rates (treated − control) with its interval, and what it lets one say.</summary>
public sealed record ProportionDifference(Proportion Treated, Proportion Control, double Difference, double Lower, double Upper, double Level)
{
    /// <summary>The method, named in every report so nobody has to guess.</summary>
    public const string Method = "Newcombe hybrid score interval (method 10, Wilson score per group), 95 %";

    /// <summary>The interval excludes zero: the difference is unlikely to be chance alone.</summary>
    public bool Conclusive => Lower > 0 || Upper < 0;

    /// <summary>Plain words for a marketer: "not yet conclusive" while the interval includes 0.</summary>
    public string Verdict => !Conclusive ? "not yet conclusive" : Lower > 0 ? "conclusive: more came back with the messages" : "conclusive: fewer came back with the messages";
}

/// <summary>
/// Intervals for rates and their differences that stay honest for small lists (a holdout of 20 contacts):
/// Wilson's score interval for each rate and Newcombe's hybrid score interval (Newcombe 1998, Statistics in
/// Medicine 17:873–890, method 10) for the difference. Unlike the textbook Wald interval they never leave
/// [−1, 1] and do not collapse to a point at 0 % or 100 %. No continuity correction.
/// </summary>
public static class ProportionStatistics
{
    /// <summary>The two-sided 95 % normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    public static Proportion Wilson(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, successes);
        if (trials == 0)
        {
            return new Proportion(0, 0, 0, 0, 1);
        }

        double x = successes, n = trials, z2 = z * z;
        var centre = (2 * x) + z2;
        var spread = z * Math.Sqrt(z2 + (4 * x * (n - x) / n));
        var denominator = 2 * (n + z2);
        return new Proportion(successes, trials, x / n, Math.Max(0, (centre - spread) / denominator), Math.Min(1, (centre + spread) / denominator));
    }

    /// <summary>Treated rate minus control rate, with Newcombe's hybrid score interval.</summary>
    public static ProportionDifference Difference(int treatedSuccesses, int treatedTrials, int controlSuccesses, int controlTrials, double z = Z95)
    {
        var t = Wilson(treatedSuccesses, treatedTrials, z);
        var c = Wilson(controlSuccesses, controlTrials, z);
        var d = t.Rate - c.Rate;
        var lower = d - Math.Sqrt(Square(t.Rate - t.Lower) + Square(c.Upper - c.Rate));
        var upper = d + Math.Sqrt(Square(t.Upper - t.Rate) + Square(c.Rate - c.Lower));
        return new ProportionDifference(t, c, d, Math.Max(-1, lower), Math.Min(1, upper), 0.95);
    }

    private static double Square(double x) => x * x;
}
