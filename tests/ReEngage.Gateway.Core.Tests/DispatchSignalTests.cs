using Microsoft.Extensions.Time.Testing;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Tests;

/// <summary>
/// A worker that found no work must not sleep through a message that arrived while it was looking: the pulse
/// that announced it, fired between the worker's query and its wait, wakes it at once (CI saw a scheduled
/// message wait a whole idle poll when that pulse fell into the gap).
/// </summary>
public sealed class DispatchSignalTests
{
    [Fact]
    public async Task APulseWhileTheWorkerWasLooking_WakesItAtOnce()
    {
        var signal = new DispatchSignal();
        var time = new FakeTimeProvider();
        var next = signal.Next;   // taken before looking for work
        signal.Pulse();           // work arrives while it looks

        var wait = DispatchSignal.WaitAsync(next, TimeSpan.FromHours(1), time, CancellationToken.None);

        Assert.True(wait.IsCompletedSuccessfully, "the worker would sleep until its poll");
        await wait;
    }

    [Fact]
    public async Task WithoutAPulse_TheWorkerSleepsUntilItsTimeout()
    {
        var signal = new DispatchSignal();
        var time = new FakeTimeProvider();

        var wait = DispatchSignal.WaitAsync(signal.Next, TimeSpan.FromSeconds(2), time, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.2));

        await wait.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task APulseDuringTheWait_WakesIt()
    {
        var signal = new DispatchSignal();
        var wait = DispatchSignal.WaitAsync(signal.Next, TimeSpan.FromHours(1), new FakeTimeProvider(), CancellationToken.None);
        Assert.False(wait.IsCompleted);

        signal.Pulse();

        await wait.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
