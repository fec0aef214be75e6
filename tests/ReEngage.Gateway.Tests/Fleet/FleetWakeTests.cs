using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Tests.Fleet;

/// <summary>
/// A message posted to one node reaches another node's idle modem at once: the pulse travels as a NOTIFY, and
/// the idle node does not wait for its poll (set to a minute here, so only the notice can explain a quick send).
/// </summary>
public sealed class FleetWakeTests
{
    [Fact]
    public async Task AMessagePostedToOneNode_WakesAnIdleModemOfAnother()
    {
        var database = await PostgresCluster.CreateDatabaseAsync();
        static void SlowPoll(IServiceCollection s) => s.Configure<DispatcherOptions>(o => o.IdlePoll = TimeSpan.FromMinutes(1));
        await using var nodeA = new GatewayFactory(Node("node-a", "a-sim-", database), services: SlowPoll);
        await using var nodeB = new GatewayFactory(Node("node-b", "b-sim-", database), services: SlowPoll);
        await nodeA.WaitForModemsAsync();
        await nodeB.WaitForModemsAsync();
        using var apiA = nodeA.Api();
        (await apiA.PostAsync("/api/v1/modems/a-sim-1/pause", null)).EnsureSuccessStatusCode();

        // Both workers have gone idle by now (nothing queued); node A's modem cannot take it.
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            var id = await apiA.SendAsync(new { to = $"+39347180000{i}", text = "Across the fleet" });
            var sent = await apiA.WaitForStatusAsync(id, "sent", "delivered");

            Assert.Equal("b-sim-1", sent.GetProperty("modem").GetString());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"sent after {clock.Elapsed.TotalSeconds:0.0} s: node B waited for its poll");
        }
    }

    private static Dictionary<string, string?> Node(string name, string modemPrefix, string database) => new()
    {
        ["Gateway:Node:Name"] = name,
        ["Gateway:Simulation:NamePrefix"] = modemPrefix,
        ["Gateway:Simulation:Modems"] = "1",
        ["Gateway:Database:Provider"] = "Postgres",
        ["Gateway:Database:ConnectionString"] = database,
    };
}
