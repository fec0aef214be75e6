using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ReEngage.Gateway.Hosting;
using Sample = ReEngage.Gateway.Hosting.IdleMemoryTrimmer.MemorySample;
using Trim = ReEngage.Gateway.Hosting.IdleMemoryTrimmer.Trim;

namespace ReEngage.Gateway.Tests;

/// <summary>The gateway returns start-up's and bursts' memory to the system once idle, and only then.</summary>
public sealed class IdleMemoryTrimmerTests
{
    private const long Mb = 1024 * 1024;

    [Theory]
    [InlineData(1, 0, 40, 8, 150, "Full")]    // idle, 32 MB committed beyond the heap
    [InlineData(1, 1, 40, 8, 150, "None")]    // a collection ran: the process is busy
    [InlineData(5, 0, 40, 8, 150, "None")]    // 5 MB allocated in the interval: busy
    [InlineData(1, 0, 12, 8, 150, "None")]    // only 4 MB of GC memory to give back, resident as after the last trim
    [InlineData(1, 0, 12, 8, 160, "Native")]  // little in the GC, but 10 MB more resident than after the last trim
    [InlineData(5, 0, 12, 8, 160, "None")]    // …while busy
    public void TrimsOnlyWhenIdle_AndWorthIt(long allocatedMb, int collections, long committedMb, long heapMb, long residentMb, string expected)
    {
        var previous = new Sample(100 * Mb, 3, committedMb * Mb, heapMb * Mb, 150 * Mb);
        var current = new Sample((100 * Mb) + (allocatedMb * Mb) - 1, 3 + collections, committedMb * Mb, heapMb * Mb, residentMb * Mb);
        Assert.Equal(Enum.Parse<Trim>(expected), IdleMemoryTrimmer.Decide(previous, current, residentAfterLastTrim: 150 * Mb));
    }

    [Fact]
    public void AfterABurst_TrimsOnceTheGatewayIsQuiet_AndNotAgainUntilThereIsMoreToReturn()
    {
        var state = new Sample(0, 0, 20 * Mb, 4 * Mb, 120 * Mb);
        var trims = new List<Trim>();
        var checks = new IdleMemoryTrimmer.Checks(() => state, kind =>
        {
            trims.Add(kind);
            state = state with { CommittedBytes = state.HeapBytes + Mb, ResidentBytes = state.ResidentBytes - (kind == Trim.Full ? 30 * Mb : 8 * Mb) };
        });
        var now = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        var lastTrim = DateTimeOffset.MinValue;

        (Trim Kind, long ReturnedMb) Check(Sample next)
        {
            state = next;
            now += IdleMemoryTrimmer.CheckInterval;
            var done = checks.Next(now);
            lastTrim = done.Kind == Trim.None ? lastTrim : now;
            return done;
        }

        Assert.Equal(Trim.None, Check(new Sample(40 * Mb, 2, 38 * Mb, 8 * Mb, 180 * Mb)).Kind); // start-up still allocating
        Assert.Equal((Trim.Full, 30), Check(new Sample(41 * Mb, 2, 38 * Mb, 8 * Mb, 180 * Mb)));  // quiet now: 180 → 150 MB
        Assert.Equal(Trim.None, Check(new Sample(42 * Mb, 2, 9 * Mb, 8 * Mb, 150 * Mb)).Kind);  // still quiet, nothing left to return
        Assert.Equal(Trim.None, Check(new Sample(43 * Mb, 2, 9 * Mb, 8 * Mb, 153 * Mb)).Kind);
        Assert.Equal(Trim.None, Check(new Sample(300 * Mb, 9, 60 * Mb, 10 * Mb, 350 * Mb)).Kind); // a bulk send
        var quiet = 301 * Mb;
        while (now + IdleMemoryTrimmer.CheckInterval - lastTrim < IdleMemoryTrimmer.MinimumSpacing)
        {
            Assert.Equal(Trim.None, Check(new Sample(quiet++, 9, 60 * Mb, 10 * Mb, 350 * Mb)).Kind); // over, but too soon after the last trim
        }

        Assert.Equal((Trim.Full, 30), Check(new Sample(quiet++, 9, 60 * Mb, 10 * Mb, 350 * Mb))); // the spacing has passed: 350 → 320

        // Later, hot methods compiled again leave the native heap 9 MB bigger while the GC has nothing to give.
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(Trim.None, Check(new Sample(quiet++, 9, 11 * Mb, 10 * Mb, 322 * Mb)).Kind);
        }

        Assert.Equal((Trim.Native, 8), Check(new Sample(quiet++, 9, 11 * Mb, 10 * Mb, 329 * Mb))); // 329 → 321
        Assert.Equal([Trim.Full, Trim.Full, Trim.Native], trims);
    }

    [Fact]
    public async Task ChecksWhenTheIntervalHasPassed_OnTheGatewaysClock()
    {
        var clock = new FakeTimeProvider();
        var trimmer = new IdleMemoryTrimmer(clock, NullLogger<IdleMemoryTrimmer>.Instance);
        var samples = 0;
        var secondCheck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var run = trimmer.RunAsync(() =>
        {
            if (Interlocked.Increment(ref samples) == 2)
            {
                secondCheck.TrySetResult();
            }

            return new Sample(0, 0, Mb, Mb, 100 * Mb);
        }, _ => { }, stop.Token);
        Assert.Equal(1, Volatile.Read(ref samples)); // the baseline, read at once

        clock.Advance(IdleMemoryTrimmer.CheckInterval - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.Equal(1, Volatile.Read(ref samples));

        clock.Advance(TimeSpan.FromMilliseconds(1));
        await secondCheck.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the loop runs on the thread pool
        Assert.Equal(2, Volatile.Read(ref samples));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
