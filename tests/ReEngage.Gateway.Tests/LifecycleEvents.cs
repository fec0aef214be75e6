using System.Collections.Concurrent;
using ReEngage.Gateway.Core;

namespace ReEngage.Gateway.Tests;

/// <summary>Records a gateway's live events from the moment it is created, and waits on them without polling.</summary>
internal sealed class LifecycleEvents : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<long, string> latest = new();
    private readonly ConcurrentQueue<GatewayEvent> all = new();
    private readonly Task loop;
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LifecycleEvents(GatewayEventBus bus)
    {
        // The first MoveNextAsync runs the subscription up to its first wait, so the channel is registered
        // before the constructor returns: no event published after it is missed.
        var subscription = bus.SubscribeAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var first = subscription.MoveNextAsync();
        loop = ReadAsync(subscription, first);
    }

    public IReadOnlyCollection<GatewayEvent> All => all;

    public string? StatusOf(long id) => latest.GetValueOrDefault(id);

    /// <summary>
    /// Waits until <paramref name="done"/> (read from the database) holds, re-checked at each event and at least
    /// once a second, failing after <paramref name="timeout"/>.
    /// </summary>
    public async Task UntilAsync(Func<Task<bool>> done, TimeSpan timeout, Func<Task<string>> explain)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = Volatile.Read(ref changed).Task;
            if (await done())
            {
                return;
            }

            try
            {
                await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(1), limit.Token)).WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out after {timeout}: {await explain()}");
            }
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds, re-checked at every event, failing after <paramref name="timeout"/>.</summary>
    public async Task UntilAsync(Func<bool> done, TimeSpan timeout, Func<string> explain)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (!done())
        {
            var next = Volatile.Read(ref changed).Task;
            if (done())
            {
                return;
            }

            try
            {
                await next.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out after {timeout}: {explain()}");
            }
        }
    }

    private async Task ReadAsync(IAsyncEnumerator<GatewayEvent> subscription, ValueTask<bool> next)
    {
        try
        {
            while (await next)
            {
                var item = subscription.Current;
                all.Enqueue(item);
                if (item is MessageStatusChanged change)
                {
                    latest[change.Id] = change.Status;
                }

                Interlocked.Exchange(ref changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                next = subscription.MoveNextAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
        finally
        {
            await subscription.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }
}
