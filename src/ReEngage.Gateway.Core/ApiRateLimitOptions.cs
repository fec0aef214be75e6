namespace ReEngage.Gateway.Core;

/// <summary>"Gateway:Api:RateLimit": requests each API key may make; off unless PermitsPerSecond is set.</summary>
public sealed class ApiRateLimitOptions
{
    /// <summary>Requests per second each key gets back; null: no limit.</summary>
    public int? PermitsPerSecond { get; set; }

    /// <summary>Requests a key may make at once after a quiet spell; PermitsPerSecond when not set.</summary>
    public int? Burst { get; set; }

    public bool Enabled => PermitsPerSecond is not null;

    public int EffectiveBurst => Burst ?? PermitsPerSecond ?? 0;

    internal IEnumerable<string> Validate()
    {
        if (PermitsPerSecond is < 1 or > 100_000)
        {
            yield return $"Gateway:Api:RateLimit:PermitsPerSecond must be between 1 and 100000 (it is {PermitsPerSecond}).";
        }

        if (Burst is { } burst && (burst < 1 || burst > 1_000_000))
        {
            yield return $"Gateway:Api:RateLimit:Burst must be between 1 and 1000000 (it is {burst}).";
        }

        if (Burst is not null && PermitsPerSecond is null)
        {
            yield return "Gateway:Api:RateLimit:Burst needs Gateway:Api:RateLimit:PermitsPerSecond.";
        }
    }
}
