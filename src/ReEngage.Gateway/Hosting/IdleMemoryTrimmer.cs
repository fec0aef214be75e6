using System.Runtime;
using System.Runtime.InteropServices;

namespace ReEngage.Gateway.Hosting;

/// <summary>
/// Hands memory back to the operating system once the gateway goes quiet. Start-up (migrations, the first
/// queries, building the routes) and bursts of traffic leave the GC holding far more committed memory than
/// the live heap needs; with no further allocations it has no reason to collect, so an idle appliance —
/// a Raspberry Pi among them — would keep that memory for hours. The native heap does the same: the JIT's
/// scratch memory from methods compiled again once they are hot (the idle loops themselves, a minute or
/// two after start) stays with glibc's allocator, freed but resident. When a check finds the process idle
/// (no collection and little allocation since the previous check), it runs one aggressive, compacting
/// collection if the GC holds a good amount beyond the live heap, and asks glibc to return its free pages
/// (<c>malloc_trim</c>) if that, or the process's resident memory, has grown since the last trim.
/// </summary>
internal sealed partial class IdleMemoryTrimmer(TimeProvider time, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    internal static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    /// <summary>Allocation below which an interval counts as idle: the modems' polling stays far under it.</summary>
    internal const long IdleAllocationBytes = 4L * 1024 * 1024;

    /// <summary>Memory worth a trim to return: committed beyond the live heap, or resident growth since the last trim.</summary>
    internal const long WorthTrimmingBytes = 6L * 1024 * 1024;

    /// <summary>
    /// At most one trim in this time: a trickle of traffic (a message now and then) has a collection, then a
    /// quiet interval, again and again; a full collection after each would be work for little return.
    /// </summary>
    internal static readonly TimeSpan MinimumSpacing = TimeSpan.FromSeconds(30);

    /// <summary>What a check does.</summary>
    internal enum Trim
    {
        None,

        /// <summary>Only glibc's free pages: the GC has little to give back.</summary>
        Native,

        /// <summary>An aggressive collection, then glibc's free pages.</summary>
        Full,
    }

    /// <summary>What one check reads: the GC's figures and the process's resident memory.</summary>
    internal readonly record struct MemorySample(long AllocatedBytes, int Collections, long CommittedBytes, long HeapBytes, long ResidentBytes)
    {
        public static MemorySample Read()
        {
            var info = GC.GetGCMemoryInfo();
            return new MemorySample(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), info.TotalCommittedBytes, info.HeapSizeBytes, Environment.WorkingSet);
        }
    }

    /// <summary>Idle since the previous check, and enough to give back to be worth it.</summary>
    internal static Trim Decide(MemorySample previous, MemorySample current, long residentAfterLastTrim)
    {
        if (current.Collections != previous.Collections || current.AllocatedBytes - previous.AllocatedBytes >= IdleAllocationBytes)
        {
            return Trim.None;
        }

        if (current.CommittedBytes - current.HeapBytes >= WorthTrimmingBytes)
        {
            return Trim.Full;
        }

        return current.ResidentBytes - residentAfterLastTrim >= WorthTrimmingBytes ? Trim.Native : Trim.None;
    }

    /// <summary>One check after another, each against the previous one's reading.</summary>
    internal sealed class Checks(Func<MemorySample> sample, Action<Trim> trim)
    {
        private MemorySample previous = sample();
        private long residentAfterLastTrim = -1;
        private DateTimeOffset lastTrim = DateTimeOffset.MinValue;

        /// <summary>Reads and trims if it should; returns what it did and the megabytes of resident memory that returned.</summary>
        public (Trim Kind, long ReturnedMb) Next(DateTimeOffset now)
        {
            var current = sample();
            if (residentAfterLastTrim < 0)
            {
                residentAfterLastTrim = previous.ResidentBytes; // growth counts from the trimmer's start
            }

            var kind = now - lastTrim >= MinimumSpacing ? Decide(previous, current, residentAfterLastTrim) : Trim.None;
            long returned = 0;
            if (kind != Trim.None)
            {
                trim(kind);
                lastTrim = now;
                var after = sample();
                returned = (current.ResidentBytes - after.ResidentBytes) / (1024 * 1024);
                residentAfterLastTrim = after.ResidentBytes;
                current = after;
            }

            previous = current;
            return (kind, returned);
        }
    }

    /// <summary>Checks every <see cref="CheckInterval"/>; <paramref name="sample"/> and <paramref name="trim"/> are the real ones outside tests.</summary>
    internal async Task RunAsync(Func<MemorySample> sample, Action<Trim> trim, CancellationToken stoppingToken)
    {
        var checks = new Checks(sample, trim);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(CheckInterval, time, stoppingToken).ConfigureAwait(false);
            if (checks.Next(time.GetUtcNow()) is { Kind: not Trim.None } done)
            {
                LogTrimmed(logger, done.Kind, done.ReturnedMb, Environment.WorkingSet / (1024 * 1024));
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(MemorySample.Read, Run, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private static void Run(Trim kind)
    {
        if (kind == Trim.Full)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        NativeHeap.Trim();
    }

    [LoggerMessage(3300, LogLevel.Debug, "Idle: {Kind} trim returned {ReturnedMb} MB to the operating system; {ResidentMb} MB resident")]
    private static partial void LogTrimmed(ILogger logger, Trim kind, long returnedMb, long residentMb);

    /// <summary>glibc's <c>malloc_trim</c>; a no-op where there is none (musl, other systems).</summary>
    private static partial class NativeHeap
    {
        private static bool missing = !OperatingSystem.IsLinux();

        public static void Trim()
        {
            if (missing)
            {
                return;
            }

            try
            {
                _ = MallocTrim(0);
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                missing = true;
            }
        }

        [LibraryImport("libc", EntryPoint = "malloc_trim")]
        private static partial int MallocTrim(nuint pad);
    }
}
