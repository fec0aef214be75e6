namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Wakes the dispatcher's workers when work arrives, so a new message does not wait for the next poll.
/// A worker takes <see cref="Next"/> <em>before</em> it looks for work and waits on that: a pulse that comes
/// while it is still looking (after its query found nothing, before it starts to wait) has already completed
/// the task it holds, so it looks again at once instead of sleeping through the message that pulse announced.
/// </summary>
/// <remarks>
/// Two kinds of wake. <see cref="Pulse"/> wakes every idle worker of the fleet: for work only some modems may take
/// (a requested or preferred SIM, schedules, retries, a modem back online, a bulk). <see cref="WakeOne"/> wakes a
/// single idle worker for one new message any modem may take — waking them all made every idle modem of the
/// fleet query for each message and all but one lose the race (7 looks per message on 3 nodes × 4 modems, 11 on
/// 3 × 8: <c>reengage_dispatch_claims_total</c>); only when this node has no idle worker are the other nodes asked
/// (<see cref="NextShared"/>), and each of them wakes one.
/// </remarks>
public sealed class DispatchSignal
{
    private readonly Lock joining = new();
    private TaskCompletionSource pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource local = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource shared = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IdleWorker[] workers = [];
    private int cursor;

    /// <summary>Completes at the first pulse after this read.</summary>
    public Task Next => Volatile.Read(ref pulse).Task;

    /// <summary>Completes at the first pulse raised on this node after this read (the fleet's backplane passes those on).</summary>
    public Task NextLocal => Volatile.Read(ref local).Task;

    /// <summary>Work arrived on this node: wakes its workers, and through the backplane the fleet's.</summary>
    public void Pulse()
    {
        PulseFromPeer();
        Interlocked.Exchange(ref local, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Another node announced work: wakes this node's workers only.</summary>
    public void PulseFromPeer() => Interlocked.Exchange(ref pulse, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the first single wake this node had no idle worker for (the backplane asks the other nodes).</summary>
    public Task NextShared => Volatile.Read(ref shared).Task;

    /// <summary>The worker of modem <paramref name="name"/>'s place among the idle (one per modem).</summary>
    public IdleWorker Join(string name)
    {
        lock (joining)
        {
            if (Array.Find(workers, w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase)) is { } known)
            {
                return known;
            }

            var worker = new IdleWorker(name);
            workers = [.. workers, worker];
            return worker;
        }
    }

    /// <summary>Before looking for work: a single wake may go to this worker from now on (see <see cref="IdleWorker"/>).</summary>
    public static Task Arm(IdleWorker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return worker.Arm();
    }

    /// <summary>The worker is no longer idle; a single wake it was given meanwhile goes to another worker.</summary>
    public void Disarm(IdleWorker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        if (worker.Disarm())
        {
            WakeOne();
        }
    }

    /// <summary>
    /// One new message any modem may take: wakes one idle worker of this node (<paramref name="preferred"/>'s if it
    /// is idle); with none idle here, the other nodes are asked to wake one each.
    /// </summary>
    public void WakeOne(string? preferred = null)
    {
        if (!TryWakeOne(preferred))
        {
            Interlocked.Exchange(ref shared, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    /// <summary>Another node had a message and no idle worker: wakes one here, if any is idle.</summary>
    public void WakeOneFromPeer() => TryWakeOne(null);

    /// <summary>Wakes the named modem's worker if it is idle; false when it is not (busy, paused, or not on this node).</summary>
    public bool TryWake(string name)
    {
        var known = Volatile.Read(ref workers);
        return Array.Find(known, w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase)) is { } worker && worker.TryPick();
    }

    private bool TryWakeOne(string? preferred)
    {
        if (preferred is not null && TryWake(preferred))
        {
            return true;
        }

        // Round robin from a moving start: the wakes spread over the idle modems instead of always the first.
        var known = Volatile.Read(ref workers);
        var start = (int)((uint)Interlocked.Increment(ref cursor) % (uint)Math.Max(known.Length, 1));
        for (var i = 0; i < known.Length; i++)
        {
            if (known[(start + i) % known.Length].TryPick())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Waits for <paramref name="next"/> (taken from <see cref="Next"/> before looking for work) or the timeout.</summary>
    public static async Task WaitAsync(Task next, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Polling is the fallback; a timeout is the normal way to wake without a pulse.
        }
    }
}
