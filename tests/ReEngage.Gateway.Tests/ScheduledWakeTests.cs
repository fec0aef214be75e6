using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// A scheduled message leaves at its time, not at the idle workers' next poll: with the poll set to a minute,
/// a message due in a second and a half is sent within seconds. (The gateway's clock is real time here.)
/// </summary>
public sealed class ScheduledWakeTests
{
    [Fact]
    public async Task AnIdleWorker_WakesForTheNextScheduledMessage_NotForItsPoll()
    {
        await using var gateway = new GatewayFactory(services: s => s.Configure<DispatcherOptions>(o => o.IdlePoll = TimeSpan.FromMinutes(1)));
        await gateway.WaitForModemsAsync();
        using var api = gateway.Api();
        var sendAt = gateway.Now().AddSeconds(1.5);

        var id = await api.SendAsync(new { to = "+393471600001", text = "At its time", sendAt });

        var sent = await api.WaitForStatusAsync(id, "sent", "delivered");
        var late = sent.GetProperty("sentAt").GetDateTimeOffset() - sendAt;
        Assert.True(late >= TimeSpan.Zero && late < TimeSpan.FromSeconds(10), $"sent {late.TotalMilliseconds:0} ms after its time");
    }

    [Fact]
    public async Task AStreamOfSchedules_EachLeavesAtItsTime_NoneWaitsForTheNextPost()
    {
        // A message that fell due between a worker's look and its query for the next send time was skipped for
        // the one after it: the worker slept a whole interval (about 1 in 40 here, 400 ms late each time).
        await using var gateway = new GatewayFactory(services: s => s.Configure<DispatcherOptions>(o => o.IdlePoll = TimeSpan.FromMinutes(1)));
        await gateway.WaitForModemsAsync();
        using var api = gateway.Api();
        await api.WaitForStatusAsync(await api.SendAsync(new { to = "+393471600100", text = "Warm-up" }), "sent", "delivered");
        var posted = new List<(long Id, DateTimeOffset SendAt)>();
        for (var i = 0; i < 30; i++)
        {
            var sendAt = gateway.Now().AddSeconds(1.5);
            posted.Add((await api.SendAsync(new { to = $"+3934716{i:D5}", text = "At its time", sendAt }), sendAt));
            await Task.Delay(400); // the pace of the stream under test, not a wait for the gateway
        }

        var lates = new List<TimeSpan>();
        foreach (var (id, sendAt) in posted)
        {
            lates.Add((await api.WaitForStatusAsync(id, "sent", "delivered")).GetProperty("sentAt").GetDateTimeOffset() - sendAt);
        }

        Assert.All(lates, late => Assert.True(late >= TimeSpan.Zero && late < TimeSpan.FromMilliseconds(300),
            $"sent {string.Join(", ", lates.Select(l => l.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} ms after their times"));
    }
}
