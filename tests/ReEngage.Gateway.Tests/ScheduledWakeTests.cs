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
}
