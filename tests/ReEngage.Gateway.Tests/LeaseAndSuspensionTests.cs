using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Time;

namespace ReEngage.Gateway.Tests;

/// <summary>Claims as leases across processes on one database file, and modems that come back by themselves.</summary>
public sealed class LeaseAndSuspensionTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task TwoGatewaysOnOneDatabaseFile_SendEachOf300MessagesExactlyOnce()
    {
        var folder = Directory.CreateTempSubdirectory("reengage-two-").FullName;
        using var a = new GatewayFactory(new() { ["Gateway:Node:Name"] = "node-a", ["Gateway:Simulation:NamePrefix"] = "a-", ["Gateway:Simulation:SendDelay"] = "00:00:00.005" }, folder);
        await a.WaitForModemsAsync();
        using var b = new GatewayFactory(new() { ["Gateway:Node:Name"] = "node-b", ["Gateway:Simulation:NamePrefix"] = "b-", ["Gateway:Simulation:SendDelay"] = "00:00:00.005" }, folder);
        await b.WaitForModemsAsync();
        await using var events = new LifecycleEvents(a.Services.GetRequiredService<GatewayEventBus>());

        var client = a.Api();
        var response = await client.PostAsJsonAsync("/api/v1/messages/bulk", new { messages = Enumerable.Range(0, 300).Select(i => new { to = $"+39347500{i:D4}", text = $"two nodes {i}" }).ToList() });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await using var scope = a.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        for (var i = 0; i < 600 && await db.Messages.CountAsync(m => m.Status != MessageStatus.Delivered) > 0; i++)
        {
            // Node b's changes reach node a only through the shared file: read it.
            await Task.Delay(200);
        }

        var statuses = await db.Messages.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.True(statuses is [{ Key: MessageStatus.Delivered, Count: 300 }], string.Join(", ", statuses.Select(s => $"{s.Key}={s.Count}")));
        var submitted = a.Modems.Network!.Submitted.Concat(b.Modems.Network!.Submitted).GroupBy(s => s.To).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(300, submitted.Count);
        Assert.All(submitted, s => Assert.Equal(1, s.Value));
        Assert.True(a.Modems.Network.Submitted.Count > 0 && b.Modems.Network.Submitted.Count > 0, $"a sent {a.Modems.Network.Submitted.Count}, b sent {b.Modems.Network.Submitted.Count}: both nodes should share the queue");
    }

    [Fact]
    public async Task ASuspendedModem_ResumesByItself_WhenACheckFindsItCanSend()
    {
        using var gateway = new GatewayFactory();
        await gateway.WaitForModemsAsync();
        var client = gateway.Api();
        var sim1 = gateway.Modems.Find("sim-1")!;
        sim1.Simulated!.FailNextSends(330, 1);
        var id = await client.SendAsync(new { to = "+393476000001", text = "needs sim-1", modem = "sim-1" });

        await WaitAsync(() => sim1.Suspension is not null, "sim-1 was never suspended");
        var card = await ModemAsync(client, "sim-1");
        Assert.Equal("suspended", card.GetProperty("state").GetString());
        Assert.Contains("CMS 330", card.GetProperty("suspension").GetProperty("reason").GetString(), StringComparison.Ordinal);
        var nextCheck = card.GetProperty("suspension").GetProperty("nextCheckAt").GetDateTimeOffset();
        Assert.Equal("queued", (await (await client.GetAsync($"/api/v1/messages/{id}")).JsonAsync()).GetProperty("status").GetString());

        // Nothing is checked before its time; a minute later the check finds the SIM and SMSC fine.
        gateway.Services.GetRequiredService<SimulationClock>().Advance(nextCheck - gateway.Services.GetRequiredService<TimeProvider>().GetUtcNow() + TimeSpan.FromSeconds(1));
        await WaitAsync(() => sim1.Suspension is null, "sim-1 did not resume by itself");
        Assert.Equal("sim-1", (await client.WaitForStatusAsync(id, "delivered")).GetProperty("modem").GetString());
        Assert.Contains(sim1.RecentEvents, e => e.Kind == "resumed");
    }

    [Fact]
    public async Task ASuspendedModem_ResumesAtOnce_WhenAnOperatorPressesResume()
    {
        using var gateway = new GatewayFactory();
        await gateway.WaitForModemsAsync();
        var client = gateway.Api();
        var sim1 = gateway.Modems.Find("sim-1")!;
        sim1.Simulated!.FailNextSends(330, 1);
        var id = await client.SendAsync(new { to = "+393476000002", text = "needs sim-1", modem = "sim-1" });
        await WaitAsync(() => sim1.Suspension is not null, "sim-1 was never suspended");

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/modems/sim-1/resume", null)).StatusCode);

        Assert.Null(sim1.Suspension);
        Assert.Equal("online", (await ModemAsync(client, "sim-1")).GetProperty("state").GetString());
        Assert.Equal("sim-1", (await client.WaitForStatusAsync(id, "delivered")).GetProperty("modem").GetString());
    }

    private static async Task<System.Text.Json.JsonElement> ModemAsync(HttpClient client, string name) =>
        (await (await client.GetAsync("/api/v1/modems")).JsonAsync()).EnumerateArray().First(m => m.GetProperty("name").GetString() == name);

    private static async Task WaitAsync(Func<bool> condition, string failure)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), failure);
    }
}
