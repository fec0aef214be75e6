namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// Who is held out and who gets which A/B variant: a pseudo-random draw from the automation's or campaign's
/// stored seed and the contact's id (SplitMix64). The same seed gives the same split on any machine and
/// after any restart, so a result can be re-derived and audited; the order contacts are enrolled in does
/// not matter.
/// </summary>
public static class SplitPolicy
{
    /// <summary>Most a holdout may take: beyond half the list it is no longer a holdout.</summary>
    public const int MaxHoldoutPercent = 50;

    public static bool IsHeldOut(long seed, long contactId, int holdoutPercent) =>
        holdoutPercent > 0 && Uniform(seed, contactId, -1) * 100 < holdoutPercent;

    /// <summary>The variant (0 = the step's template, 1… = its alternatives) for this contact at this step.</summary>
    public static int Variant(long seed, long contactId, int step, int variants) =>
        variants <= 1 ? 0 : Math.Min(variants - 1, (int)(Uniform(seed, contactId, step) * variants));

    /// <summary>A uniform draw in [0, 1) from (seed, contact, salt).</summary>
    public static double Uniform(long seed, long contactId, int salt)
    {
        var x = Mix(unchecked((ulong)seed ^ Mix(unchecked((ulong)contactId) ^ Mix(unchecked((ulong)(uint)salt) + 0x9E3779B97F4A7C15UL))));
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
