using System.Diagnostics;

namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>
/// What the modem sees of the host's own time per part: from the moment it wrote one <c>+CMGS</c> answer to
/// the moment the next <c>AT+CMGS=</c> arrived. While the queue has work, that gap is pure host overhead in
/// series with the modem — the load harness reports it. Real time, not the simulation clock: it measures work.
/// </summary>
public sealed class SubmitGapRecorder
{
    private const int Capacity = 8192;
    private readonly Lock sync = new();
    private readonly double[] gaps = new double[Capacity];
    private long recorded;
    private long? answeredAt;

    /// <summary>A <c>+CMGS</c> answer has just been written.</summary>
    public void Answered()
    {
        lock (sync)
        {
            answeredAt = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>An <c>AT+CMGS=</c> command line has just arrived.</summary>
    public void SubmitStarted()
    {
        var now = Stopwatch.GetTimestamp();
        lock (sync)
        {
            if (answeredAt is { } at)
            {
                gaps[recorded % Capacity] = Stopwatch.GetElapsedTime(at, now).TotalMilliseconds;
                recorded++;
                answeredAt = null;
            }
        }
    }

    /// <summary>The percentiles of the last <paramref name="last"/> gaps (at most the last 8,192).</summary>
    public SubmitGaps Snapshot(int last)
    {
        double[] sample;
        long total;
        lock (sync)
        {
            total = recorded;
            var count = (int)Math.Min(Math.Min(last, Capacity), total);
            sample = new double[count];
            for (var i = 0; i < count; i++)
            {
                sample[i] = gaps[(total - count + i) % Capacity];
            }
        }

        Array.Sort(sample);
        return new SubmitGaps(total, sample.Length, Percentile(sample, 0.5), Percentile(sample, 0.99), sample.Length == 0 ? 0 : sample[^1]);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>Gaps between a <c>+CMGS</c> answer and the next <c>AT+CMGS=</c>, in milliseconds.</summary>
/// <param name="Recorded">Gaps recorded since the modem started.</param>
/// <param name="Sampled">How many of the latest the percentiles cover.</param>
/// <param name="P50">The median gap.</param>
/// <param name="P99">The 99th percentile.</param>
/// <param name="Max">The longest.</param>
public sealed record SubmitGaps(long Recorded, int Sampled, double P50, double P99, double Max);
