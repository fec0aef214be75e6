using Microsoft.Extensions.Time.Testing;
using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Modem.Simulation;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>A long SMS whose last part never arrives is handed over, flagged incomplete, once its wait is over.</summary>
public sealed class IncompleteInboundTests : IAsyncDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly SimulatedModem modem;
    private readonly ModemSession session;

    public IncompleteInboundTests()
    {
        modem = new SimulatedModem(new SimulatedModemOptions { SendDelay = TimeSpan.Zero }, new SimulatedNetwork(timeProvider: clock));
        session = new ModemSession(
            new AtChannel(modem.ConnectInMemory(), modem.Name),
            new ModemSessionOptions { Name = modem.Name, CommandTimeout = TimeSpan.FromSeconds(3), WakeAttempts = 4, ReassemblyTimeout = TimeSpan.FromHours(24) },
            timeProvider: clock);
    }

    public async ValueTask DisposeAsync()
    {
        await session.DisposeAsync();
        await modem.DisposeAsync();
    }

    [Fact]
    public async Task LastPartNeverArrives_WhatArrivedIsHandedOverIncomplete_AfterADay_ThenDeleted()
    {
        await DriveAsync(session.InitializeAsync());
        var text = new string('a', 153) + new string('b', 153) + "see you";
        modem.InjectInbound("+393471234567", text, onlyParts: [1, 2]);
        await WaitUntil(() => modem.Commands.Count(c => c.StartsWith("AT+CMGR=", StringComparison.Ordinal)) >= 2);

        clock.Advance(TimeSpan.FromHours(23));
        await DriveAsync(session.RefreshHealthAsync());
        // Every event queued so far (health changes from initialisation first), not only the first in line.
        var early = new List<ModemEvent>();
        while (session.Events.TryRead(out var queued))
        {
            early.Add(queued);
        }

        Assert.DoesNotContain(early, e => e is InboundSmsReceived);

        clock.Advance(TimeSpan.FromHours(1));
        await DriveAsync(session.RefreshHealthAsync());
        var inbound = await NextInboundAsync();
        Assert.False(inbound.Message.Complete);
        Assert.Equal(3, inbound.Message.ExpectedParts);
        Assert.Equal(new string('a', 153) + new string('b', 153), inbound.Message.Text);
        Assert.Equal(2, modem.StoredCount); // kept until stored
        await inbound.Acknowledge(CancellationToken.None);
        Assert.Equal(0, modem.StoredCount);
    }

    // The session's waits (command timeouts, the simulator's delays) run on the fake clock: while a call is in
    // flight, time moves on in small steps, so a wait that depends on it cannot hang the test; a call that
    // never completes fails it after 30 real seconds instead.
    private async Task DriveAsync(Task task)
    {
        var limit = System.Diagnostics.Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            if (limit.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The modem call did not complete.");
            }

            clock.Advance(TimeSpan.FromMilliseconds(50));
            await Task.WhenAny(task, Task.Delay(5));
        }

        await task;
    }

    private async Task<InboundSmsReceived> NextInboundAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            if (await session.Events.ReadAsync(cts.Token) is InboundSmsReceived inbound)
            {
                return inbound;
            }
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!condition())
        {
            await Task.Delay(10, cts.Token);
        }
    }
}
