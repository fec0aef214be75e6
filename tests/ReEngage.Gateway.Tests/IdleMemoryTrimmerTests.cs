using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ReEngage.Gateway.Hosting;
using Sample = ReEngage.Gateway.Hosting.IdleMemoryTrimmer.GcSample;

namespace ReEngage.Gateway.Tests;

/// <summary>The gateway returns start-up's and bursts' memory to the system once idle, and only then.</summary>
public sealed class IdleMemoryTrimmerTests
{
    private const long Mb = 1024 * 1024;

    [Theory]
    [InlineData(1, 0, 40, 8, true)]    // idle, 32 MB committed beyond the heap
    [InlineData(1, 1, 40, 8, false)]   // a collection ran: the process is busy
    [InlineData(5, 0, 40, 8, false)]   // 5 MB allocated in the interval: busy
    [InlineData(1, 0, 12, 8, false)]   // only 4 MB to give back: not worth a full collection
    public void TrimsOnlyWhenIdle_AndWorthIt(long allocatedMb, int collections, long committedMb, long heapMb, bool trims)
    {
        var previous = new Sample(100 * Mb, 3, committedMb * Mb, heapMb * Mb);
        var current = new Sample(100 * Mb + (allocatedMb * Mb) - 1, 3 + collections, committedMb * Mb, heapMb * Mb);
        Assert.Equal(trims, IdleMemoryTrimmer.ShouldTrim(previous, current));
    }

    [Fact]
    public void AfterABurst_TrimsOnceTheGatewayIsQuiet_AndNotAgainUntilThereIsMoreToReturn()
    {
        var state = new Sample(0, 0, 20 * Mb, 4 * Mb);
        var trims = 0;
        var checks = new IdleMemoryTrimmer.Checks(() => state, () => { trims++; state = state with { CommittedBytes = state.HeapBytes + Mb }; });
        var now = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

        var lastTrim = DateTimeOffset.MinValue;
        long? Check(Sample next)
        {
            state = next;
            now += IdleMemoryTrimmer.CheckInterval;
            var returned = checks.Next(now);
            lastTrim = returned is null ? lastTrim : now;
            return returned;
        }

        Assert.Null(Check(new Sample(40 * Mb, 2, 38 * Mb, 8 * Mb))); // start-up still allocating, collections running
        Assert.Equal(29, Check(new Sample(41 * Mb, 2, 38 * Mb, 8 * Mb))); // quiet now: 38 → 9 MB committed
        Assert.Null(Check(new Sample(42 * Mb, 2, 9 * Mb, 8 * Mb)));  // still quiet, nothing left to return
        Assert.Null(Check(new Sample(43 * Mb, 2, 9 * Mb, 8 * Mb)));
        Assert.Null(Check(new Sample(300 * Mb, 9, 60 * Mb, 10 * Mb))); // a bulk send
        var quiet = 301 * Mb;
        while (now + IdleMemoryTrimmer.CheckInterval - lastTrim < IdleMemoryTrimmer.MinimumSpacing)
        {
            Assert.Null(Check(new Sample(quiet++, 9, 60 * Mb, 10 * Mb))); // over, but too soon after the last trim
        }

        Assert.Equal(49, Check(new Sample(quiet, 9, 60 * Mb, 10 * Mb))); // the spacing has passed
        Assert.Equal(2, trims);
    }

    [Fact]
    public async Task ChecksWhenTheIntervalHasPassed_OnTheGatewaysClock()
    {
        var clock = new FakeTimeProvider();
        var trimmer = new IdleMemoryTrimmer(clock, NullLogger<IdleMemoryTrimmer>.Instance);
        var samples = 0;
        using var stop = new CancellationTokenSource();
        var run = trimmer.RunAsync(() => { Interlocked.Increment(ref samples); return new Sample(0, 0, Mb, Mb); }, () => { }, stop.Token);
        Assert.Equal(1, Volatile.Read(ref samples)); // the baseline, read at once

        clock.Advance(IdleMemoryTrimmer.CheckInterval - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.Equal(1, Volatile.Read(ref samples));

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref samples) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        Assert.Equal(2, Volatile.Read(ref samples));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
