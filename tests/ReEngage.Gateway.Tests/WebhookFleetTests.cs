using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Time;
using ReEngage.Gateway.Core.Webhooks;
using ReEngage.Gateway.Tests.Fleet;

namespace ReEngage.Gateway.Tests;

/// <summary>Two gateways on one PostgreSQL database (a fleet) both run a webhook sender: each event still reaches a receiver once.</summary>
public sealed class WebhookFleetTests
{
    [Fact]
    public async Task TwoGatewaysOnOnePostgresDatabase_DeliverEachEventOnce_AlsoAfterEveryLeaseRanOut()
    {
        var database = await PostgresCluster.CreateDatabaseAsync();
        await using var nodeA = new GatewayFactory(Node("node-a", "a-sim-", database));
        await using var nodeB = new GatewayFactory(Node("node-b", "b-sim-", database));
        await using var receiver = await LoopbackReceiver.StartAsync();
        using var apiA = nodeA.Api();
        using var apiB = nodeB.Api();
        var id = (await (await apiA.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "message.status" } })).OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();

        const int events = 40;
        for (var i = 0; i < events; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await (i % 2 == 0 ? apiA : apiB).PostAsync($"/api/v1/webhooks/{id}/test", null)).StatusCode);
        }

        var ids = new List<string>();
        for (var i = 0; i < events; i++)
        {
            ids.Add((await receiver.NextAsync()).Id);
        }

        // Every POST has reached the receiver; a sender may still be saving its outcome. Wait for both nodes'
        // drains to end (each ends only after it saved what it sent): moving the clocks past the lease before
        // that would be a sender stalled longer than its lease, whose delivery is rightly sent again.
        await Task.WhenAll(new[] { nodeA, nodeB }.Select(n => n.Services.GetRequiredService<ReceiverQueues>().IdleAsync())).WaitAsync(TimeSpan.FromSeconds(30));

        // A second copy could then come two ways: two senders claiming one delivery at once (it would be here
        // by now), or a delivery whose outcome was not saved by its lease's holder and is claimed again once
        // the lease runs out. The lease lasts Timeout + 30 s on the gateway's clock, so move both nodes' clocks
        // past it (they stay in step with each other) and have both senders look for due work: anything still
        // pending is claimed and posted before IdleAsync completes. Twice, because a drain that was finishing
        // as the clocks moved may have made the first look skip that receiver.
        var lease = nodeA.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.Webhooks.Lease;
        foreach (var node in new[] { nodeA, nodeB })
        {
            node.Services.GetRequiredService<SimulationClock>().Advance(lease + TimeSpan.FromSeconds(1));
        }

        for (var look = 0; look < 2; look++)
        {
            foreach (var node in new[] { nodeA, nodeB })
            {
                var queues = node.Services.GetRequiredService<ReceiverQueues>();
                await queues.StartDueAsync(CancellationToken.None);
                await queues.IdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        Assert.Equal(0, receiver.Waiting);
        Assert.Equal(events, ids.Distinct().Count());

        // And the queue agrees: each delivery done, in one attempt.
        var deliveries = (await (await apiB.GetAsync($"/api/v1/webhooks/{id}/deliveries")).OkJsonAsync()).EnumerateArray().ToList();
        Assert.Equal(events, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(("delivered", 1), (d.GetProperty("state").GetString(), d.GetProperty("attempts").GetInt32())));
    }

    private static Dictionary<string, string?> Node(string name, string modemPrefix, string database) => new()
    {
        ["Gateway:Node:Name"] = name,
        ["Gateway:Simulation:NamePrefix"] = modemPrefix,
        ["Gateway:Database:Provider"] = "Postgres",
        ["Gateway:Database:ConnectionString"] = database,
    };
}
