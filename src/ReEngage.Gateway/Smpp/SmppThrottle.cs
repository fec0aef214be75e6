namespace ReEngage.Gateway.Smpp;

/// <summary>
/// Submits per second per account, shared by its binds: a token bucket refilled from the clock, holding at
/// most one second's worth (a client may burst up to its rate, then keeps to it).
/// </summary>
internal sealed class SmppThrottle(TimeProvider clock)
{
    private readonly Dictionary<string, (double Tokens, long At)> buckets = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>Takes one submit from the account's bucket; false when it is empty (ESME_RTHROTTLED).</summary>
    public bool TryTake(string systemId, int perSecond)
    {
        if (perSecond <= 0)
        {
            return true;
        }

        lock (gate)
        {
            var now = clock.GetTimestamp();
            var (tokens, at) = buckets.TryGetValue(systemId, out var bucket) ? bucket : (perSecond, now);
            tokens = Math.Min(perSecond, tokens + (clock.GetElapsedTime(at, now).TotalSeconds * perSecond));
            if (tokens < 1)
            {
                buckets[systemId] = (tokens, now);
                return false;
            }

            buckets[systemId] = (tokens - 1, now);
            return true;
        }
    }
}
