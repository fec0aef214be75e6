using System.Collections.Concurrent;
using System.Globalization;
using ReEngage.Gateway.Modem.Simulation;
using Xunit.Abstractions;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>
/// The modem layer against a line that behaves like real hardware at its worst, seeded: every answer the
/// session accepted is one the modem gave to that command, no part reaches the network twice, and every
/// status report that reached the line is handed to the consumer in the end. A failing seed is printed;
/// REENGAGE_HOSTILE_SEEDS=first:count replays or widens the run (CI runs the default count).
/// </summary>
public sealed class HostileLineTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0)] // Generic
    [InlineData(1)] // Quectel EC25
    [InlineData(2)] // Huawei E173
    [InlineData(3)] // SIM800: on the code before the resync, this one read the revision as the IMEI and failed every send with "AT+CMGS=16 failed: OK"
    public async Task SlowAnswersAtStart_DoNotShiftEveryLaterAnswer_TheMessageIsSent(int seed)
    {
        // Defect 1: a Huawei-style modem silent for 2.5 s at start, then answering every "AT" it was sent.
        // Without resync, the first OK was taken for the third "AT" and every answer after belonged to an
        // earlier command: "+CSCA:" answered AT+CREG=2 and AT+CMGS failed with "OK".
        var run = new HostileSession
        {
            Seed = seed, // the dialect is seed mod 4
            Messages = 3,
            ModemFaults = false,
            Line = new HostileLineOptions { SilentAtStart = TimeSpan.FromSeconds(2.5), SplitChance = 0, LateChance = 0, RepeatFinalChance = 0, UrcChance = 0, LoseBytesChance = 0 },
        };
        await run.RunAsync();
        Assert.Empty(run.Violations);
        Assert.Equal(3, run.SentConfirmed);
    }

    [Fact]
    public async Task SeededHostileSessions_AcceptOnlyTheirOwnAnswers_SendEachPartOnce_AndStrandNoReport()
    {
        var (first, count) = Seeds();
        var results = new ConcurrentBag<HostileSession>();
        await Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (seed, _) =>
        {
            var logged = count == 1 || Environment.GetEnvironmentVariable("REENGAGE_HOSTILE_LOG_SEED") == seed.ToString(CultureInfo.InvariantCulture);
            var run = new HostileSession { Seed = seed, Logger = logged ? new OutputLogger(output) : null };
            try
            {
                await run.RunAsync();
            }
            catch (Exception ex)
            {
                run.Violations.Add($"the run threw: {ex}");
            }

            results.Add(run);
        });

        var failed = results.Where(r => r.Violations.Count > 0).OrderBy(r => r.Seed).ToList();
        output.WriteLine($"{count} seeded sessions from seed {first}: {results.Sum(r => r.Resyncs)} resyncs, {results.Sum(r => r.Faults.Count)} faults injected, "
            + $"{results.Sum(r => r.SentConfirmed)} messages confirmed, {results.Sum(r => r.OutcomeUnknown)} with an unknown outcome, {results.Sum(r => r.StrandedAtEnd)} reports stranded, {failed.Count} failing");
        foreach (var run in failed)
        {
            output.WriteLine($"failing: seed {run.Seed} ({run.Dialect}): {run.Violations[0].Split('\n')[0]}");
        }

        foreach (var run in failed.Take(5))
        {
            output.WriteLine($"seed {run.Seed} ({run.Dialect}) — replay with REENGAGE_HOSTILE_SEEDS={run.Seed}:1");
            run.Violations.ForEach(v => output.WriteLine("  violation: " + v));
            run.Faults.ForEach(f => output.WriteLine("  fault: " + f));
        }

        Assert.True(failed.Count == 0, $"failing seeds: {string.Join(", ", failed.Select(r => r.Seed))}; first: {failed.FirstOrDefault()?.Violations.FirstOrDefault()}");
    }

    private static (int First, int Count) Seeds()
    {
        var text = Environment.GetEnvironmentVariable("REENGAGE_HOSTILE_SEEDS");
        if (text is { } value && value.Split(':') is [var a, var b])
        {
            return (int.Parse(a, CultureInfo.InvariantCulture), int.Parse(b, CultureInfo.InvariantCulture));
        }

        return (1, 160);
    }

    // A replayed seed (count 1) logs every line the session sent and read.
    private sealed class OutputLogger(ITestOutputHelper output) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {formatter(state, exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test is over.
            }
        }
    }
}
