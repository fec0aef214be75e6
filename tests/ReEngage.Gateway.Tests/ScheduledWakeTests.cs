using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// A scheduled message leaves at its time, not at the idle workers' next poll: with the poll set to a minute,
/// a message due in a second and a half is sent within seconds. (The first test runs on real time; the second moves
/// the gateway's clock.)
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
    public async Task TheNextSendTime_CountsFromTheWorkersLook_SoAScheduleThatFellDueSinceIsNotSkipped()
    {
        // A message that fell due between a worker's look (which found nothing) and its query for the next send time
        // was skipped for the one after it, and the worker slept a whole interval (the harness: 1 in 40 schedules
        // 400 ms late). The query counts from the look: such a message is the answer, a time already past.
        await using var gateway = new GatewayFactory();
        await gateway.WaitForModemsAsync();
        using var api = gateway.Api();
        foreach (var modem in new[] { "sim-1", "sim-2" })
        {
            (await api.PostAsync($"/api/v1/modems/{modem}/pause", null)).EnsureSuccessStatusCode(); // nobody takes them
        }

        var first = gateway.Now().AddMilliseconds(500);
        await api.SendAsync(new { to = "+393471600200", text = "First", sendAt = first });
        await api.SendAsync(new { to = "+393471600201", text = "Second", sendAt = first.AddMinutes(10) });
        gateway.Clock().AdvanceTo(first.AddMilliseconds(100)); // the first falls due after the "look" below: the time under test
        var handle = gateway.Services.GetRequiredService<ModemRegistry>().Handles[0];
        await using var scope = gateway.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();

        Assert.Equal(first, await MessageClaimer.NextDueAsync(db, handle, first.AddMilliseconds(-1), CancellationToken.None));
        Assert.Equal(first.AddMinutes(10), await MessageClaimer.NextDueAsync(db, handle, first, CancellationToken.None));
    }
}
