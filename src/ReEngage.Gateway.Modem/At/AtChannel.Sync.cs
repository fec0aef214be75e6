namespace ReEngage.Gateway.Modem.At;

/// <summary>
/// Re-synchronisation. A timed-out command is often answered later, and a modem that answers every
/// command one late shifts every answer for good (the defect of a Huawei E173 answering "AT" after
/// 1–2.5 s). ModemManager flushes its input before each command and gives up on a port after
/// consecutive timeouts; Gammu keeps echo on and matches each reply to its request's echo. This does
/// both: drain the line until it is quiet, turn echo on, then send a probe whose answer is anchored by
/// its own echo (or, from a modem that does not echo, by an information line no stale answer can carry).
/// </summary>
public sealed partial class AtChannel
{
    // Read commands every 27.005/27.007 modem answers without a SIM and that change nothing. They take
    // turns, so a probe never shares its prefix with the one that may have timed out before it.
    private static readonly string[] Probes = ["AT+CMEE?", "AT+CSCS?", "AT+CMGF?"];

    private readonly HashSet<string> learnedOptional = new(StringComparer.OrdinalIgnoreCase);
    private bool unsynchronised;
    private bool echoFraming;
    private long lastInput;
    private long resyncs;
    private int probeTurn;

    /// <summary>How long the line must stay silent before a re-synchronisation probe is sent.</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest a drain waits for silence (a modem that never stops talking still gets its probe).</summary>
    public TimeSpan DrainLimit { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one re-synchronisation probe may take.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How many re-synchronisations the channel made (after timeouts and answers that did not fit).</summary>
    public long Resyncs => Interlocked.Read(ref resyncs);

    /// <summary>True once the modem echoes commands and answers are matched to their command's echo.</summary>
    public bool EchoFraming
    {
        get
        {
            lock (sync)
            {
                return echoFraming;
            }
        }
    }

    /// <summary>Raised with the reason each time the channel re-synchronises.</summary>
    public event Action<string>? Resynchronized;

    /// <summary>
    /// Brings the line into step: ESC (a modem left in text entry leaves it), a drain until quiet, echo
    /// on, and a probe whose answer cannot be a stale one; repeated up to <paramref name="attempts"/>
    /// times — a booting modem stays silent for a while (Quectel up to 30 s). Used at start instead of
    /// knocking with bare "AT"s whose late OKs would be taken for the answers of later commands.
    /// </summary>
    /// <exception cref="ModemTimeoutException">No probe was answered.</exception>
    public async Task SynchronizeAsync(int attempts, TimeSpan probeTimeout, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SynchronizeCoreAsync(attempts, probeTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private void MarkUnsynchronized()
    {
        lock (sync)
        {
            unsynchronised = true;
        }
    }

    private async Task EnsureSynchronizedAsync(CancellationToken cancellationToken)
    {
        bool needed;
        lock (sync)
        {
            needed = unsynchronised;
        }

        if (needed)
        {
            await ResynchronizeAsync("an earlier command timed out or was answered out of step", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ResynchronizeAsync(string reason, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref resyncs);
        Log.Resync(logger, name, reason);
        Resynchronized?.Invoke(reason);
        await SynchronizeCoreAsync(3, ProbeTimeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task SynchronizeCoreAsync(int attempts, TimeSpan probeTimeout, CancellationToken cancellationToken)
    {
        var answeredWithoutEcho = false;
        for (var attempt = 1; attempt <= Math.Max(1, attempts); attempt++)
        {
            await WriteAsync([Esc, (byte)'\r'], cancellationToken).ConfigureAwait(false);
            await DrainAsync(cancellationToken).ConfigureAwait(false);
            await WriteAsync("ATE1\r"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            await DrainAsync(cancellationToken).ConfigureAwait(false);

            var probe = Probes[probeTurn++ % Probes.Length];
            var request = Begin(probe, expectsPrompt: false, lenient: true, probe: true);
            await WriteAsync(System.Text.Encoding.ASCII.GetBytes(probe + "\r"), cancellationToken).ConfigureAwait(false);
            try
            {
                // Longer each time: a modem that answers in 1–2.5 s under load still gets a probe it can meet.
                await request.Answer.Task.WaitAsync(probeTimeout * Math.Min(attempt, 4), time, cancellationToken).ConfigureAwait(false);

                // No echo seen: the modem may not echo, or the line damaged this one echo. Believe the
                // first only when a second probe says the same, or none is left to ask.
                if (!request.EchoSeen && !answeredWithoutEcho && attempt < attempts)
                {
                    answeredWithoutEcho = true;
                    continue;
                }

                lock (sync)
                {
                    echoFraming = request.EchoSeen;
                    unsynchronised = false;
                }

                Log.Synchronized(logger, name, request.EchoSeen);
                return;
            }
            catch (Exception ex) when (ex is TimeoutException or AtSyncLostException)
            {
                Abandon(request); // a late prompt or the like on the way: the next attempt drains it
            }
            catch (OperationCanceledException)
            {
                Abandon(request);
                throw;
            }
        }

        MarkUnsynchronized();
        throw new ModemTimeoutException("AT (re-synchronisation)", probeTimeout * Math.Max(1, attempts));
    }

    // Until nothing has arrived for QuietPeriod: late answers of given-up commands land here, not on
    // the probe. Bounded, so a modem that never stops talking is still probed.
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            await Task.Delay(QuietPeriod, time, cancellationToken).ConfigureAwait(false);
            var quietFor = time.GetElapsedTime(Interlocked.Read(ref lastInput));
            if (quietFor >= QuietPeriod || time.GetElapsedTime(started) >= DrainLimit)
            {
                return;
            }
        }
    }

    private bool IsLearnedOptional(string command)
    {
        lock (sync)
        {
            return learnedOptional.Contains(command);
        }
    }

    private void LearnOptional(string command)
    {
        lock (sync)
        {
            learnedOptional.Add(command);
        }
    }
}
