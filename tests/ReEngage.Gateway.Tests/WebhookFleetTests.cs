using System.Net;
using System.Net.Http.Json;
using ReEngage.Gateway.Tests.Fleet;

namespace ReEngage.Gateway.Tests;

/// <summary>Two gateways on one PostgreSQL database (a fleet) both run a webhook sender: each event still reaches a receiver once.</summary>
public sealed class WebhookFleetTests
{
    [Fact]
    public async Task TwoGatewaysOnOnePostgresDatabase_DeliverEachEventOnce()
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

        // Both senders poll every half second: a second copy of any event would have come by now.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receiver.NextAsync(TimeSpan.FromSeconds(2)));
        Assert.Equal(events, ids.Distinct().Count());
    }

    private static Dictionary<string, string?> Node(string name, string modemPrefix, string database) => new()
    {
        ["Gateway:Node:Name"] = name,
        ["Gateway:Simulation:NamePrefix"] = modemPrefix,
        ["Gateway:Database:Provider"] = "Postgres",
        ["Gateway:Database:ConnectionString"] = database,
    };
}
