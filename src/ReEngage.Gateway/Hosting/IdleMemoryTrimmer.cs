using System.Runtime;

namespace ReEngage.Gateway.Hosting;

/// <summary>
/// Hands memory back to the operating system once the gateway goes quiet. Start-up (migrations, the first
/// queries, building the routes) and bursts of traffic leave the GC holding far more committed memory than
/// the live heap needs; with no further allocations it has no reason to collect, so an idle appliance —
/// a Raspberry Pi among them — would keep that memory for hours. When a check finds the process idle (no
/// collection and little allocation since the previous check) and a good amount to give back, it runs one
/// aggressive, compacting collection, which also decommits the free regions.
/// </summary>
internal sealed partial class IdleMemoryTrimmer(TimeProvider time, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    internal static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    /// <summary>Allocation below which an interval counts as idle: the modems' polling stays far under it.</summary>
    internal const long IdleAllocationBytes = 4L * 1024 * 1024;

    /// <summary>Committed-but-unused memory worth a full collection to return.</summary>
    internal const long WorthTrimmingBytes = 6L * 1024 * 1024;

    /// <summary>
    /// At most one trim in this time: a trickle of traffic (a message now and then) has a collection, then a
    /// quiet interval, again and again; a full collection after each would be work for little return.
    /// </summary>
    internal static readonly TimeSpan MinimumSpacing = TimeSpan.FromSeconds(30);

    /// <summary>What one check reads from the GC.</summary>
    internal readonly record struct GcSample(long AllocatedBytes, int Collections, long CommittedBytes, long HeapBytes)
    {
        public static GcSample Read()
        {
            var info = GC.GetGCMemoryInfo();
            return new GcSample(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), info.TotalCommittedBytes, info.HeapSizeBytes);
        }
    }

    /// <summary>Idle since the previous check, and enough committed beyond the live heap to be worth a collection.</summary>
    internal static bool ShouldTrim(GcSample previous, GcSample current) =>
        current.Collections == previous.Collections
        && current.AllocatedBytes - previous.AllocatedBytes < IdleAllocationBytes
        && current.CommittedBytes - current.HeapBytes >= WorthTrimmingBytes;

    /// <summary>One check after another, each against the previous one's reading.</summary>
    internal sealed class Checks(Func<GcSample> sample, Action trim)
    {
        private GcSample previous = sample();
        private DateTimeOffset lastTrim = DateTimeOffset.MinValue;

        /// <summary>Reads the GC and trims if it should; returns the megabytes returned, or null when it did not trim.</summary>
        public long? Next(DateTimeOffset now)
        {
            var current = sample();
            long? returned = null;
            if (now - lastTrim >= MinimumSpacing && ShouldTrim(previous, current))
            {
                trim();
                lastTrim = now;
                var after = sample();
                returned = (current.CommittedBytes - after.CommittedBytes) / (1024 * 1024);
                current = after;
            }

            previous = current;
            return returned;
        }
    }

    /// <summary>Checks every <see cref="CheckInterval"/>; <paramref name="sample"/> and <paramref name="trim"/> are the GC's own outside tests.</summary>
    internal async Task RunAsync(Func<GcSample> sample, Action trim, CancellationToken stoppingToken)
    {
        var checks = new Checks(sample, trim);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(CheckInterval, time, stoppingToken).ConfigureAwait(false);
            if (checks.Next(time.GetUtcNow()) is { } returned)
            {
                LogTrimmed(logger, returned, GC.GetGCMemoryInfo().TotalCommittedBytes / (1024 * 1024));
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(GcSample.Read, Trim, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private static void Trim()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    [LoggerMessage(3300, LogLevel.Debug, "Idle: returned {ReturnedMb} MB to the operating system; the GC now holds {CommittedMb} MB")]
    private static partial void LogTrimmed(ILogger logger, long returnedMb, long committedMb);
}
