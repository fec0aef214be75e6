using System.Diagnostics;
using ReEngage.Gateway.Modem.Simulation;
using ReEngage.Gateway.Sms;
using Xunit.Abstractions;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>AT+CMMS keeps the relay link open between the parts of a concatenated message (27.005 §3.5.6).</summary>
public sealed class RelayLinkTests(ITestOutputHelper output)
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
        await using var f = SessionFixture.Create(new SimulatedModemOptions { SendDelay = TimeSpan.FromMilliseconds(5), RelayLinkHold = TimeSpan.FromMilliseconds(100) });
        await f.Session.InitializeAsync();
        await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", Long));
        await Task.Delay(300);
        Assert.Equal(["+CMMS: 0"], (await f.Session.ExecuteRawAsync("AT+CMMS?")).Lines);
        await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", "next burst"));
        Assert.Equal(2, f.Modem.RelayLinkSetups); // a new burst pays again
    }

    [Fact]
    public async Task Measured_ThreePartMessage_WithAndWithoutCmms()
    {
        // A network that charges 400 ms to set up a relay link and 100 ms per part on it.
        var modemOptions = new SimulatedModemOptions { SendDelay = TimeSpan.FromMilliseconds(100), RelayLinkSetup = TimeSpan.FromMilliseconds(400) };
        // Best of three each, after a warm-up: on a shared machine one run can stall for hundreds of ms
        // (the first also pays for JIT compilation), which says nothing about the link.
        await TimeAsync(modemOptions, "generic");
        var without = TimeSpan.MaxValue;
        var with = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            without = Min(without, await TimeAsync(modemOptions, "huawei"));
            with = Min(with, await TimeAsync(modemOptions, "generic"));
        }

        output.WriteLine($"3-part message: {with.TotalMilliseconds:0} ms with AT+CMMS=1, {without.TotalMilliseconds:0} ms without");
        Assert.True(without - with > TimeSpan.FromMilliseconds(600), $"with {with.TotalMilliseconds:0} ms, without {without.TotalMilliseconds:0} ms");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static async Task<TimeSpan> TimeAsync(SimulatedModemOptions modemOptions, string profile)
    {
        await using var f = SessionFixture.Create(modemOptions, new ModemSessionOptions { Profile = profile });
        await f.Session.InitializeAsync();
        var watch = Stopwatch.StartNew();
        await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", Long));
        return watch.Elapsed;
    }
}
