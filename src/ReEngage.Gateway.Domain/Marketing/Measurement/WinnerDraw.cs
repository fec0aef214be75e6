namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// A fair draw: every distinct entrant gets a uniform number from the seed and their contact id, the lowest
/// win. Anyone with the seed and the list of entrants can redo it and get the same winners, whatever order
/// the entries were read in; one contact entering ten times still has one chance.
/// </summary>
public static class WinnerDraw
{
    public static IReadOnlyList<long> Pick(long seed, IEnumerable<long> entrants, int winners)
    {
        ArgumentNullException.ThrowIfNull(entrants);
        ArgumentOutOfRangeException.ThrowIfNegative(winners);
        return [.. entrants.Distinct().OrderBy(id => SplitPolicy.Uniform(seed, id, int.MinValue)).ThenBy(id => id).Take(winners)];
    }
}
