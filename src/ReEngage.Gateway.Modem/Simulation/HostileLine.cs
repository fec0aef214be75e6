using System.Text;

namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>What a <see cref="HostileLine"/> does to the modem's output, and how often (per chunk).</summary>
public sealed record HostileLineOptions
{
    /// <summary>Seed of every draw: the same seed, the same faults.</summary>
    public int Seed { get; init; }

    /// <summary>A chunk is cut into pieces of random size.</summary>
    public double SplitChance { get; init; } = 0.5;

    /// <summary>A chunk (and all after it) is held back for <see cref="LateBy"/>: answers past their command's timeout.</summary>
    public double LateChance { get; init; } = 0.04;

    /// <summary>How long a late chunk is held back (a random time between the two).</summary>
    public (TimeSpan Min, TimeSpan Max) LateBy { get; init; } = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2.5));

    /// <summary>A final result code is sent twice (firmware that repeats its OK).</summary>
    public double RepeatFinalChance { get; init; } = 0.03;

    /// <summary>A URC is put between two lines: inside an answer, or between the prompt and the answer.</summary>
    public double UrcChance { get; init; } = 0.05;

    /// <summary>One to three bytes of a chunk are lost.</summary>
    public double LoseBytesChance { get; init; } = 0.004;

    /// <summary>
    /// Everything the modem says in this first stretch is held back and then arrives at once: a modem busy
    /// with its SIM or the network at start, which answers every command it was sent meanwhile, late.
    /// </summary>
    public TimeSpan SilentAtStart { get; init; }
}

/// <summary>
/// A fault-injecting line between a host and a modem, driven by a seed: what the modem writes is split
/// at random, held back past timeouts, repeated, interleaved with URCs and sometimes loses bytes — the
/// line a real USB stick gives under load, not the one our simulator's habits would. What the host
/// writes reaches the modem untouched. Every fault is recorded, so a failing seed can be read and replayed.
/// </summary>
public sealed class HostileLine : IAsyncDisposable
{
    /// <summary>The URCs the line puts between lines (a test may need to tell them from answers).</summary>
    public static IReadOnlyList<string> InjectedUrcs => Urcs;

    private static readonly string[] Urcs = ["+CIEV: 1,3", "^RSSI:17", "+CREG: 1", "+QIND: \"csq\",20,99", "^BOOT:12345678,0,0,0,20", "+CGEV: ME PDN ACT 1"];

    private readonly Stream modem;
    private readonly InMemoryDuplexStream device;
    private readonly HostileLineOptions options;
    private readonly TimeProvider time;
    private readonly Random random;
    private readonly List<string> faults = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task toModem;
    private readonly Task toHost;
    private volatile bool quiet;
    private readonly long started;

    /// <summary>Puts the line between a host and the modem's end of a connection.</summary>
    public HostileLine(Stream modemSide, HostileLineOptions options, TimeProvider? timeProvider = null)
    {
        modem = modemSide;
        this.options = options;
        time = timeProvider ?? TimeProvider.System;
        random = new Random(options.Seed);
        started = time.GetTimestamp();
        (Host, device) = InMemoryDuplexStream.CreatePair();
        toModem = Task.Run(() => PumpToModemAsync(stop.Token));
        toHost = Task.Run(() => PumpToHostAsync(stop.Token));
    }

    /// <summary>The host's end: give it to the AtChannel.</summary>
    public Stream Host { get; }

    /// <summary>When set, the line stops injecting faults (what is already held back still arrives late).</summary>
    public bool Quiet
    {
        get => quiet;
        set => quiet = value;
    }

    /// <summary>The faults injected so far, in order.</summary>
    public IReadOnlyList<string> Faults
    {
        get
        {
            lock (faults)
            {
                return [.. faults];
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await device.DisposeAsync().ConfigureAwait(false);
        await modem.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(toModem, toHost).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        stop.Dispose();
    }

    private async Task PumpToModemAsync(CancellationToken token)
    {
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await device.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
            {
                await modem.WriteAsync(buffer.AsMemory(0, read), token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The line is being taken down.
        }
        finally
        {
            await modem.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task PumpToHostAsync(CancellationToken token)
    {
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await modem.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
            {
                var chunk = Encoding.Latin1.GetString(buffer, 0, read);
                var silentFor = options.SilentAtStart - time.GetElapsedTime(started);
                if (silentFor > TimeSpan.Zero)
                {
                    Record($"held at start for {silentFor.TotalMilliseconds:0} ms: {Visible(chunk)}");
                    await Task.Delay(silentFor, time, token).ConfigureAwait(false);
                }
                else if (!quiet)
                {
                    chunk = Distort(chunk);
                    if (Draw(options.LateChance))
                    {
                        var late = options.LateBy.Min + ((options.LateBy.Max - options.LateBy.Min) * Next());
                        Record($"late {late.TotalMilliseconds:0} ms: {Visible(chunk)}");
                        await Task.Delay(late, time, token).ConfigureAwait(false);
                    }
                }

                await WritePiecesAsync(Encoding.Latin1.GetBytes(chunk), token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The line is being taken down.
        }
        finally
        {
            await device.DisposeAsync().ConfigureAwait(false);
        }
    }

    private string Distort(string chunk)
    {
        var text = new StringBuilder(chunk);
        foreach (var final in new[] { "\r\nOK\r\n", "\r\nERROR\r\n" })
        {
            var at = text.ToString().IndexOf(final, StringComparison.Ordinal);
            if (at >= 0 && Draw(options.RepeatFinalChance))
            {
                text.Insert(at + final.Length, final);
                Record($"repeated {final.Trim()}");
            }
        }

        // Between two lines, or right after a prompt: where a modem's URC can land.
        var boundaries = new List<int>();
        var current = text.ToString();
        for (var i = current.IndexOf("\r\n", StringComparison.Ordinal); i >= 0; i = current.IndexOf("\r\n", i + 2, StringComparison.Ordinal))
        {
            boundaries.Add(i + 2);
        }

        if (current.EndsWith("> ", StringComparison.Ordinal))
        {
            boundaries.Add(current.Length);
        }

        if (boundaries.Count > 0 && Draw(options.UrcChance))
        {
            var at = boundaries[random.Next(boundaries.Count)];
            var urc = Urcs[random.Next(Urcs.Length)];
            text.Insert(at, $"\r\n{urc}\r\n");
            Record($"URC {urc}");
        }

        if (text.Length > 4 && Draw(options.LoseBytesChance))
        {
            var count = 1 + random.Next(3);
            var at = random.Next(text.Length - count);
            Record($"lost {Visible(text.ToString(at, count))} of {Visible(text.ToString())}");
            text.Remove(at, count);
        }

        return text.ToString();
    }

    private async Task WritePiecesAsync(byte[] bytes, CancellationToken token)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var size = !quiet && Draw(options.SplitChance) ? 1 + random.Next(Math.Max(1, bytes.Length - offset)) : bytes.Length - offset;
            await device.WriteAsync(bytes.AsMemory(offset, size), token).ConfigureAwait(false);
            offset += size;
            if (offset < bytes.Length)
            {
                await Task.Yield(); // a separate read for the host, as a USB line delivers it
            }
        }
    }

    private bool Draw(double chance)
    {
        lock (random)
        {
            return random.NextDouble() < chance;
        }
    }

    private double Next()
    {
        lock (random)
        {
            return random.NextDouble();
        }
    }

    private void Record(string fault)
    {
        lock (faults)
        {
            faults.Add(fault);
        }
    }

    private static string Visible(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
