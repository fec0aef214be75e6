namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// One dispatcher worker's place among those a single wake may go to (<see cref="DispatchSignal.WakeOne"/>). The
/// worker arms it <em>before</em> it looks for work, so a wake given to it is never lost: either its look sees the
/// work that wake announced, or its wait returns at once and it looks again. A worker that leaves the idle state
/// (it found work, it must pause, its modem was paused) disarms it, and passes on a wake it was given meanwhile.
/// </summary>
public sealed class IdleWorker
{
    internal const int Busy = 0;
    internal const int Available = 1;
    internal const int Picked = 2;

    private int state;
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal IdleWorker(string name) => Name = name;

    /// <summary>The worker's modem.</summary>
    public string Name { get; }

    /// <summary>Ready for a single wake from now on; the task completes when one is given to it.</summary>
    internal Task Arm()
    {
        // The new task before the state: a waker that sees Available completes this task, not an old one.
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref wake, next);
        Volatile.Write(ref state, Available);
        return next.Task;
    }

    /// <summary>No longer idle; true when a single wake was given to it since it armed (the caller passes it on).</summary>
    internal bool Disarm() => Interlocked.Exchange(ref state, Busy) == Picked;

    /// <summary>Gives it the wake if it is armed and has none yet.</summary>
    internal bool TryPick()
    {
        if (Interlocked.CompareExchange(ref state, Picked, Available) != Available)
        {
            return false;
        }

        Volatile.Read(ref wake).TrySetResult();
        return true;
    }
}
