using ReEngage.Gateway.Modem.Simulation;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>AT+CMMS keeps the relay link open between the parts of a concatenated message (27.005 §3.5.6).</summary>
public sealed class RelayLinkTests
{
    private static readonly string Long = new('x', 400); // 3 parts

    [Fact]
    public async Task ConcatenatedSend_WithCmms_SetsUpOneLinkForAllParts()
    {
        await using var f = SessionFixture.Create(new SimulatedModemOptions { SendDelay = TimeSpan.FromMilliseconds(5) });
        await f.Session.InitializeAsync();
        await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", Long));
        Assert.Contains("AT+CMMS=1", f.Modem.Commands);
        Assert.Equal(1, f.Modem.RelayLinkSetups);
    }

    [Fact]
    public async Task ConcatenatedSend_WithoutCmms_PaysTheSetUpForEveryPart()
    {
        // The Huawei profile does not use AT+CMMS.
        await using var f = SessionFixture.Create(new SimulatedModemOptions { Dialect = SimulatedDialect.HuaweiE173, SendDelay = TimeSpan.FromMilliseconds(5) });
        await f.Session.InitializeAsync();
        await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", Long));
        Assert.DoesNotContain("AT+CMMS=1", f.Modem.Commands);
        Assert.Equal(3, f.Modem.RelayLinkSetups);
    }

    [Fact]
    public async Task SinglePartSend_DoesNotAskForTheLink()
    {
        await using var f = SessionFixture.Create(new SimulatedModemOptions { SendDelay = TimeSpan.FromMilliseconds(5) });
        await f.Session.InitializeAsync();
        await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", "short"));
        Assert.DoesNotContain("AT+CMMS=1", f.Modem.Commands);
    }

    [Fact]
    public async Task KeptLink_ClosesAfterItsHoldTime_AndMode1DropsBackTo0()
    {
        await using var f = SessionFixture.Create(new SimulatedModemOptions { SendDelay = TimeSpan.FromMilliseconds(5), RelayLinkHold = TimeSpan.FromSeconds(1) }); // long against the gaps between parts, even on a loaded machine
        await f.Session.InitializeAsync();
        await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", Long));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(["+CMMS: 0"], (await f.Session.ExecuteRawAsync("AT+CMMS?")).Lines);
        await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", "next burst"));
        Assert.Equal(2, f.Modem.RelayLinkSetups); // a new burst pays again
    }
}
