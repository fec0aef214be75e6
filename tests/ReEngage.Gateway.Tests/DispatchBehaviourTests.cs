using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ReEngage.Gateway.Tests;

public sealed class DispatchBehaviourTests : IAsyncLifetime
{
    private readonly GatewayFactory factory = new();
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        await factory.WaitForModemsAsync();
        client = factory.Api();
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private Modem.Simulation.SimulatedModem Sim(string name) => factory.Modems.Find(name)!.Simulated!;

    [Fact]
    public async Task NetworkError_IsRetried_AndFailsOverToTheOtherModem()
    {
        Sim("sim-1").FailNextSends(38, 1000);
        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await client.SendAsync(new { to = $"+39347555000{i}", text = $"failover {i}" }));
        }

        foreach (var id in ids)
        {
            var message = await client.WaitForStatusAsync(id, "delivered");
            Assert.Equal("sim-2", message.GetProperty("modem").GetString());
        }
    }

    [Fact]
    public async Task PermanentError_FailsTheMessage_WithTheCodeAndItsMeaning()
    {
        Sim("sim-1").FailNextSends(21, 1000);
        Sim("sim-2").FailNextSends(21, 1000);
        var id = await client.SendAsync(new { to = "+393475550099", text = "rejected" });
        var message = await client.WaitForStatusAsync(id, "failed");
        Assert.Equal("CMS 21", message.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("Short message transfer rejected", message.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task OneBadNumber_DoesNotBlockTheQueue()
    {
        Sim("sim-1").FailNextSends(1, 1);
        Sim("sim-2").FailNextSends(1, 1);
        var ids = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await client.SendAsync(new { to = $"+39347666000{i}", text = $"queue {i}" }));
        }

        var outcomes = new List<string>();
        foreach (var id in ids)
        {
            outcomes.Add((await client.WaitForStatusAsync(id, "delivered", "failed")).GetProperty("status").GetString()!);
        }

        Assert.True(outcomes.Count(o => o == "delivered") >= 6, string.Join(",", outcomes));
    }

    [Fact]
    public async Task UnpluggedModem_HasItsTrafficRerouted_AndHealthSaysDegraded()
    {
        Sim("sim-1").Unplug();
        for (var i = 0; i < 100 && factory.Modems.Find("sim-1")!.CanSend; i++)
        {
            await Task.Delay(50);
        }

        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await client.SendAsync(new { to = $"+39347777000{i}", text = $"rerouted {i}" }));
        }

        foreach (var id in ids)
        {
            Assert.Equal("sim-2", (await client.WaitForStatusAsync(id, "delivered")).GetProperty("modem").GetString());
        }

        var health = await (await factory.CreateClient().GetAsync("/healthz")).JsonAsync();
        Assert.Equal("degraded", health.GetProperty("status").GetString());

        Sim("sim-1").Replug();
        for (var i = 0; i < 200 && !factory.Modems.Find("sim-1")!.CanSend; i++)
        {
            await Task.Delay(50);
        }

        Assert.True(factory.Modems.Find("sim-1")!.CanSend);
    }

    [Fact]
    public async Task ModemWithoutSmsc_IsSuspended_AndTheOtherCarriesOn()
    {
        Sim("sim-1").FailNextSends(330, 1000);
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await client.SendAsync(new { to = $"+39347888000{i}", text = $"smsc {i}" }));
        }

        foreach (var id in ids)
        {
            await client.WaitForStatusAsync(id, "delivered");
        }

        var modems = await (await client.GetAsync("/api/v1/modems")).JsonAsync();
        var sim1 = modems.EnumerateArray().First(m => m.GetProperty("name").GetString() == "sim-1");
        if (sim1.GetProperty("sentToday").GetInt32() == 0 && sim1.GetProperty("state").GetString() == "suspended")
        {
            Assert.Contains("SMSC", sim1.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Stop_OptsTheNumberOut_ForMarketingOnly_AndStartOptsBackIn()
    {
        const string number = "+393471112222";
        await client.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = number, text = "Stop" });
        await WaitForAsync(async () =>
        {
            var response = await client.PostAsJsonAsync("/api/v1/messages", new { to = number, text = "promo", priority = "low" });
            return response.StatusCode == HttpStatusCode.BadRequest
                && (await response.JsonAsync()).GetProperty("errors").GetProperty("to")[0].GetString()!.Contains("opted out", StringComparison.Ordinal);
        });

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/v1/messages", new { to = number, text = "your order shipped", priority = "high" })).StatusCode);

        var bulk = await (await client.PostAsJsonAsync("/api/v1/messages/bulk", new { messages = new[] { new { to = number, text = "promo", priority = "low" } } })).JsonAsync();
        Assert.Equal(0, bulk.GetProperty("accepted").GetArrayLength());

        await client.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = number, text = "START" });
        await WaitForAsync(async () => (await client.PostAsJsonAsync("/api/v1/messages", new { to = number, text = "welcome back", priority = "low" })).StatusCode == HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Help_GetsTheConfiguredReply_FromTheSameModem()
    {
        const string number = "+393473334444";
        await client.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = number, text = "help", modem = "sim-2" });
        JsonElement reply = default;
        await WaitForAsync(async () =>
        {
            var list = await (await client.GetAsync("/api/v1/messages?to=%2B393473334444")).JsonAsync();
            if (list.GetProperty("items").GetArrayLength() == 0)
            {
                return false;
            }

            reply = list.GetProperty("items")[0];
            return true;
        });
        Assert.Equal("Reply STOP to stop receiving messages.", reply.GetProperty("text").GetString());
        Assert.Equal("high", reply.GetProperty("priority").GetString());
        Assert.Equal("sim-2", (await client.WaitForStatusAsync(reply.GetProperty("id").GetInt64(), "sent", "delivered")).GetProperty("modem").GetString());
    }

    [Fact]
    public async Task MessageToAnotherSimulatedSim_ArrivesThereAsInbound()
    {
        var id = await client.SendAsync(new { to = "+393330000002", text = "internal test", modem = "sim-1" });
        await client.WaitForStatusAsync(id, "delivered");
        await WaitForAsync(async () =>
        {
            var items = await (await client.GetAsync("/api/v1/inbound")).JsonAsync();
            return items.EnumerateArray().Any(i => i.GetProperty("text").GetString() == "internal test" && i.GetProperty("modem").GetString() == "sim-2" && i.GetProperty("from").GetString() == "+393330000001");
        });
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the condition never became true");
    }
}
