namespace ReEngage.Gateway.Core.Messaging;

/// <summary>Wakes the dispatcher's workers when work arrives, so a new message does not wait for the next poll.</summary>
public sealed class DispatchSignal
{
    private TaskCompletionSource pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse() => Interlocked.Exchange(ref pulse, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await Volatile.Read(ref pulse).Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Polling is the fallback; a timeout is the normal way to wake without a pulse.
        }
    }
}
