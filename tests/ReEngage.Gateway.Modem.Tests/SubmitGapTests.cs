using ReEngage.Gateway.Modem.Simulation;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>
/// The simulated modem measures what a real one would see of the host: one gap per submit that follows an
/// answered submit (not for the first), from its "+CMGS" answer to the next "AT+CMGS=" — the time the load
/// harness reports as the gateway's own per part.
/// </summary>
public sealed class SubmitGapTests
{
    [Fact]
    public async Task EachSubmitAfterTheFirst_RecordsTheHostsGap()
    {
        await using var f = SessionFixture.Create(new SimulatedModemOptions { SendDelay = TimeSpan.FromMilliseconds(1) });
        await f.Session.InitializeAsync();
        Assert.Equal(0, f.Modem.SubmitGaps.Snapshot(100).Recorded);

        // A three-part message: the second and third submits each follow an answer.
        var text = string.Concat(Enumerable.Repeat("Bentornata! Solo per te il 20% di sconto. ", 10));
        await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", text));
        await Task.Delay(TimeSpan.FromMilliseconds(30)); // host time between two messages, which the modem must see
        await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", "again"));

        var gaps = f.Modem.SubmitGaps.Snapshot(100);
        Assert.Equal(3, gaps.Recorded); // parts 2 and 3, then the next message
        Assert.Equal(3, gaps.Sampled);
        Assert.True(gaps.Max >= 30, $"the 30 ms pause before the second message was not seen: max {gaps.Max} ms");
        Assert.True(gaps.P50 < gaps.Max);
        Assert.Equal(1, f.Modem.SubmitGaps.Snapshot(1).Sampled);
    }
}
