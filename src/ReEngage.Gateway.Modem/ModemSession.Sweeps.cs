namespace ReEngage.Gateway.Modem;

/// <summary>
/// Sweeps that run whenever the modem may have stored something: after a sweep that found any (the
/// network releases what it held back as room is freed, with no new indication), on +CDSI / +CMTI, on a
/// memory-full indication, after a delete, after the line was re-synchronised, and with every health
/// poll. Each sweep reads the report memories and the inbox. Requests coalesce: one sweep runs at a time, and one more after it if anything asked meanwhile.
/// </summary>
public sealed partial class ModemSession
{
    private int sweepRequested;
    private int routingCheckRequested;

    /// <summary>How many sweeps of the report memories ran in the background.</summary>
    public int BackgroundSweeps { get; private set; }

    private void RequestSweep(bool checkRouting = false)
    {
        if (checkRouting)
        {
            Interlocked.Exchange(ref routingCheckRequested, 1);
        }

        if (Interlocked.Exchange(ref sweepRequested, 1) == 0 && !stopping.IsCancellationRequested)
        {
            _ = Task.Run(RunSweepsAsync);
        }
    }

    private async Task RunSweepsAsync()
    {
        CancellationToken token;
        try
        {
            token = stopping.Token;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        // Exchange to 0 before the sweep: a request made while it runs sets 1 again and is served next.
        // A request that found the flag at 1 started no task, so this loop must see it: it re-checks
        // after clearing its own claim.
        while (!token.IsCancellationRequested && Interlocked.CompareExchange(ref sweepRequested, 2, 1) == 1)
        {
            try
            {
                if (Interlocked.Exchange(ref routingCheckRequested, 0) == 1)
                {
                    await EnsureRoutingAsync(token).ConfigureAwait(false);
                }

                BackgroundSweeps++;
                var found = await SweepReportStorageAsync(token).ConfigureAwait(false);

                // The inbox too: where a profile files reports with the messages (Huawei), and for a
                // +CMTI / +CDSI that the line garbled.
                await SweepStorageAsync(token).ConfigureAwait(false);
                if (Interlocked.CompareExchange(ref sweepRequested, 0, 2) == 2 && found > 0)
                {
                    Interlocked.Exchange(ref sweepRequested, 1); // found some: read again until a read finds nothing new
                }
            }
            catch (Exception ex) when (ex is ModemTimeoutException or ModemCommandException or ModemDisconnectedException or ObjectDisposedException)
            {
                SessionLog.BackgroundSweepFailed(logger, Name, ex.Message);
                Interlocked.Exchange(ref sweepRequested, 0);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
