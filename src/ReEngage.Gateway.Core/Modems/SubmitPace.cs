using ReEngage.Gateway.Core.Messaging.Policies;

namespace ReEngage.Gateway.Core.Modems;

/// <summary>
/// A modem's recent submits, kept in memory for the pacing rules: its dispatcher worker is the only sender
/// through it, so after one read of the database when the worker starts (<see cref="Seed"/>) every submit
/// since is known here, and deciding whether the SIM may send costs no query between two parts.
/// </summary>
public sealed class SubmitPace
{
    private readonly Lock gate = new();
    private readonly Queue<DateTimeOffset> lastMinute = new();

    // The hour in one-minute buckets, each leaving with its latest part (so it never counts too few): a busy
    // modem keeps sixty entries, not every part of the hour.
    private readonly Queue<HourBucket> hour = new();
    private HourBucket? openBucket;
    private int inLastHour;
    private DateTime day;
    private int today;

    /// <summary>Starts again from the database's record: the last minute's and hour's submit times and today's count.</summary>
    public void Seed(IEnumerable<DateTimeOffset> minute, IEnumerable<DateTimeOffset> lastHour, int todayCount, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(minute);
        ArgumentNullException.ThrowIfNull(lastHour);
        lock (gate)
        {
            lastMinute.Clear();
            hour.Clear();
            openBucket = null;
            inLastHour = 0;
            foreach (var at in minute.Order())
            {
                lastMinute.Enqueue(at);
            }

            foreach (var at in lastHour.Order())
            {
                AddToHour(at);
            }

            day = now.UtcDateTime.Date;
            today = todayCount;
        }
    }

    /// <summary>A part was submitted at <paramref name="at"/>.</summary>
    public void Record(DateTimeOffset at)
    {
        lock (gate)
        {
            lastMinute.Enqueue(at);
            AddToHour(at);
            if (at.UtcDateTime.Date != day)
            {
                day = at.UtcDateTime.Date;
                today = 0;
            }

            today++;
        }
    }

    /// <summary>
    /// The window <see cref="PacingPolicy"/> reads, as if <paramref name="assumed"/> more parts went out now
    /// (the ones in flight, when deciding whether to claim the next message meanwhile).
    /// </summary>
    public PacingWindow Window(ModemOptions limits, DateTimeOffset now, int assumed = 0)
    {
        ArgumentNullException.ThrowIfNull(limits);
        lock (gate)
        {
            // Strictly after, as the database reads it (SubmittedAt > a minute ago).
            var minuteAgo = now.AddMinutes(-1);
            while (lastMinute.Count > 0 && lastMinute.Peek() <= minuteAgo)
            {
                lastMinute.Dequeue();
            }

            var hourAgo = now.AddHours(-1);
            while (hour.Count > 0 && hour.Peek().Latest <= hourAgo)
            {
                inLastHour -= hour.Dequeue().Count;
            }

            if (openBucket is { } open && open.Latest <= hourAgo)
            {
                inLastHour -= open.Count;
                openBucket = null;
            }

            DateTimeOffset? nth = null;
            if (lastMinute.Count + assumed >= limits.PerMinute)
            {
                // The PerMinute-th most recent, the assumed ones being the most recent of all.
                var fromRecorded = limits.PerMinute - assumed;
                nth = fromRecorded <= 0 ? now : lastMinute.ElementAt(lastMinute.Count - fromRecorded);
            }

            var todayCount = now.UtcDateTime.Date == day ? today : 0;
            return new PacingWindow(nth, inLastHour + assumed, todayCount + assumed);
        }
    }

    private void AddToHour(DateTimeOffset at)
    {
        inLastHour++;
        if (openBucket is { } open && open.Latest.Ticks / TimeSpan.TicksPerMinute == at.Ticks / TimeSpan.TicksPerMinute)
        {
            openBucket = new HourBucket(at > open.Latest ? at : open.Latest, open.Count + 1);
            return;
        }

        if (openBucket is { } closed)
        {
            hour.Enqueue(closed);
        }

        openBucket = new HourBucket(at, 1);
    }

    private readonly record struct HourBucket(DateTimeOffset Latest, int Count);
}
