namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Wakes the dispatcher's workers when work arrives, so a new message does not wait for the next poll.
/// A worker takes <see cref="Next"/> <em>before</em> it looks for work and waits on that: a pulse that comes
/// while it is still looking (after its query found nothing, before it starts to wait) has already completed
/// the task it holds, so it looks again at once instead of sleeping through the message that pulse announced.
/// </summary>
public sealed class DispatchSignal
{
    private TaskCompletionSource pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource local = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
