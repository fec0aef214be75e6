using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ReEngage.Gateway.Tests;

public sealed class HubAndLimitTests
{
    [Fact]
    public async Task Hub_PushesMessageEventsUpToDelivered_AndModemSnapshots()
    {
        await using var factory = new GatewayFactory();
        await factory.WaitForModemsAsync();
        var statuses = new ConcurrentQueue<string>();
        var modemSnapshots = 0;
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, "/hubs/gateway"), options =>
            {
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
                options.Headers["X-Api-Key"] = GatewayFactory.Key;
            })
            .Build();
        hub.On<JsonElement>("MessageStatus", change => statuses.Enqueue(change.GetProperty("status").GetString()!));
        hub.On<JsonElement>("ModemsChanged", _ => Interlocked.Increment(ref modemSnapshots));
        await hub.StartAsync();

        var client = factory.Api();
        var id = await client.SendAsync(new { to = "+393471234567", text = "live" });
        await client.WaitForStatusAsync(id, "delivered");
        for (var i = 0; i < 100 && !statuses.Contains("delivered"); i++)
        {
            await Task.Delay(50);
        }

        Assert.Contains("sending", statuses);
        Assert.Contains("delivered", statuses);

        await factory.Modems.Find("sim-1")!.Simulated!.SetRegistrationAsync(2);
        factory.Modems.Find("sim-1")!.Simulated!.Unplug();
        for (var i = 0; i < 100 && Volatile.Read(ref modemSnapshots) == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.True(modemSnapshots > 0);
    }

    [Fact]
    public async Task Hub_RefusesConnectionsWithoutAKey()
    {
        await using var factory = new GatewayFactory();
        var response = await factory.CreateClient().PostAsync("/hubs/gateway/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task MonthlyRecipientCap_StopsNewRecipients_ButNotKnownOnes()
    {
        await using var factory = new GatewayFactory(new() { ["Gateway:Simulation:Modems"] = "1", ["Gateway:Simulation:MonthlyRecipients"] = "2" });
        await factory.WaitForModemsAsync();
        var client = factory.Api();
        await client.WaitForStatusAsync(await client.SendAsync(new { to = "+393470000011", text = "a" }), "delivered");
        await client.WaitForStatusAsync(await client.SendAsync(new { to = "+393470000022", text = "b" }), "delivered");

        var third = await client.SendAsync(new { to = "+393470000033", text = "c: over the cap" });
        var known = await client.SendAsync(new { to = "+393470000011", text = "a again" });
        await client.WaitForStatusAsync(known, "delivered");
        Assert.Equal("queued", (await (await client.GetAsync($"/api/v1/messages/{third}")).JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task HighPriority_OvertakesAQueueOfMarketing()
    {
        await using var factory = new GatewayFactory(new() { ["Gateway:Simulation:Modems"] = "1", ["Gateway:Simulation:SendDelay"] = "00:00:00.050" });
        await factory.WaitForModemsAsync();
        var client = factory.Api();
        var bulk = await (await client.PostAsJsonAsync("/api/v1/messages/bulk", new { messages = Enumerable.Range(0, 40).Select(i => new { to = $"+39347{4000000 + i}", text = $"promo {i}", priority = "low" }) })).JsonAsync();
        var lastMarketing = bulk.GetProperty("accepted")[39].GetProperty("id").GetInt64();
        var urgent = await client.SendAsync(new { to = "+393471234567", text = "your code is 4321", priority = "high" });

        var sentUrgent = (await client.WaitForStatusAsync(urgent, "sent", "delivered")).GetProperty("sentAt").GetDateTimeOffset();
        var sentLast = (await client.WaitForStatusAsync(lastMarketing, "sent", "delivered")).GetProperty("sentAt").GetDateTimeOffset();
        Assert.True(sentUrgent < sentLast, $"the high-priority message went out at {sentUrgent:O}, after the last marketing one at {sentLast:O}");
    }
}
