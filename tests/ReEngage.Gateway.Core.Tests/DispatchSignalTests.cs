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

    [Fact]
    public void OneNewMessage_WakesOneIdleWorker_NotEveryOne()
    {
        var signal = new DispatchSignal();
        var tickets = new[] { "sim-1", "sim-2", "sim-3" }.Select(n => DispatchSignal.Arm(signal.Join(n))).ToList();

        signal.WakeOne();

        Assert.Single(tickets, t => t.IsCompleted);
        Assert.False(signal.NextShared.IsCompleted, "this node had an idle worker: the fleet is not asked");
    }

    [Fact]
    public void ABusyOrPausedWorker_IsNeverGivenTheWake_AndWithNoneIdleTheFleetIsAsked()
    {
        var signal = new DispatchSignal();
        var busy = signal.Join("sim-1");
        var ticket = DispatchSignal.Arm(busy);
        signal.Disarm(busy); // it found work
        var shared = signal.NextShared;

        signal.WakeOne();

        Assert.False(ticket.IsCompleted);
        Assert.True(shared.IsCompleted, "no idle worker here: the other nodes must be asked");
    }

    [Fact]
    public void AWakeGivenToAWorkerThatThenFoundOtherWork_IsPassedOn()
    {
        var signal = new DispatchSignal();
        var workers = new[] { signal.Join("sim-1"), signal.Join("sim-2") };
        var tickets = workers.Select(DispatchSignal.Arm).ToList();
        signal.WakeOne();
        var picked = tickets.FindIndex(t => t.IsCompleted);

        // The picked worker's look found an older message: it is busy now, and the new one still needs a modem.
        signal.Disarm(workers[picked]);

        Assert.True(tickets[1 - picked].IsCompleted, "the wake was lost with the busy worker");
    }

    [Fact]
    public void TheRecipientsOwnSim_IsWokenByName_AndAPeersWakeNeverTravelsFurther()
    {
        var signal = new DispatchSignal();
        var first = DispatchSignal.Arm(signal.Join("sim-1"));
        var second = DispatchSignal.Arm(signal.Join("sim-2"));

        Assert.True(signal.TryWake("SIM-2"));
        Assert.False(first.IsCompleted);
        Assert.True(second.IsCompleted);
        Assert.False(signal.TryWake("sim-2"), "already woken: a second wake must go elsewhere");

        signal.WakeOneFromPeer();
        Assert.True(first.IsCompleted);
        var shared = signal.NextShared;
        signal.WakeOneFromPeer(); // nobody idle here now
        Assert.False(shared.IsCompleted, "a peer's request is answered here or not at all, never sent back round the fleet");
    }

    [Fact]
    public async Task AWakeWhileTheWorkerWasLooking_IsNotLost()
    {
        var signal = new DispatchSignal();
        var ticket = DispatchSignal.Arm(signal.Join("sim-1")); // armed before its query
        signal.WakeOne();                                      // a message stored while it looks

        var wait = DispatchSignal.WaitAsync(Task.WhenAny(signal.Next, ticket), TimeSpan.FromHours(1), new FakeTimeProvider(), CancellationToken.None);

        Assert.True(wait.IsCompletedSuccessfully, "the worker would sleep until its poll");
        await wait;
    }
}
