namespace ReEngage.Gateway.Core.Time;

/// <summary>
/// The gateway's clock: system time plus an offset that simulation mode can advance, so a demo or a test
/// plays out weeks of schedules in seconds (POST /api/v1/simulation/clock). Outside simulation the offset
/// stays zero.
/// </summary>
public sealed class SimulationClock : TimeProvider
{
    private long offsetTicks;

    /// <summary>How far the clock has been moved ahead of real time.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The clock only moves forward.");
        }

        Interlocked.Add(ref offsetTicks, by.Ticks);
    }

    /// <summary>Moves the clock forward to <paramref name="at"/>; a time already passed changes nothing.</summary>
    public void AdvanceTo(DateTimeOffset at)
    {
        var behind = at - GetUtcNow();
        if (behind > TimeSpan.Zero)
        {
            Interlocked.Add(ref offsetTicks, behind.Ticks);
        }
    }
}
