using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Smpp;
using ReEngage.Gateway.Tests.Fleet;

namespace ReEngage.Gateway.Tests.Smpp;

/// <summary>
/// Two gateways on one PostgreSQL database, each with a receiver bind of the same account: inbound SMS stored while
/// nobody was bound are sent when both bind at once, each to exactly one of the two binds (the claim), none twice;
/// an account deleted through one node loses its bind on the other (the backplane).
/// </summary>
public sealed class SmppFleetTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Count = 30;

    [Fact]
    public async Task Stored_inbound_sms_go_to_one_bind_each_when_two_nodes_have_binds_of_the_account()
    {
        var database = await PostgresCluster.CreateDatabaseAsync();
        using var a = new GatewayFactory(Node("node-a", database));
        await a.WaitForModemsAsync();
        using var b = new GatewayFactory(Node("node-b", database));
        await b.WaitForModemsAsync();

        using var api = a.Api();
        await using (var events = new LifecycleEvents(a.Services.GetRequiredService<GatewayEventBus>()))
        {
            for (var i = 0; i < Count; i++)
            {
                var injected = await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { modem = "a-1", from = $"+3934711{i:D5}", text = $"fleet {i:D2}" });
                Assert.Equal(HttpStatusCode.Accepted, injected.StatusCode);
            }

            await events.UntilAsync(async () => await PendingAsync(a) == Count, TimeSpan.FromSeconds(60), async () => $"{await PendingAsync(a)} of {Count} stored for the account");
        }

        // Both nodes' senders start on their bind at the same moment and compete for the same rows.
        var clients = await Task.WhenAll(SmppTestClient.ConnectAsync(Port(a)), SmppTestClient.ConnectAsync(Port(b)));
        try
        {
            var binds = await Task.WhenAll(clients.Select(c => c.BindAsync("shop", "secret", BindMode.Receiver)));
            Assert.All(binds, r => Assert.Equal(CommandStatus.Ok, r.CommandStatus));
            await using (var events = new LifecycleEvents(a.Services.GetRequiredService<GatewayEventBus>()))
            {
                await events.UntilAsync(async () => await PendingAsync(a) == 0, TimeSpan.FromSeconds(60), async () => $"{await PendingAsync(a)} still not acknowledged");
            }

            // Everything acknowledged was received before the unbind_resp that follows it on each connection.
            var received = await Task.WhenAll(clients.Select(DrainAsync));
            var all = received.SelectMany(r => r).ToList();
            output.WriteLine($"node-a's bind received {received[0].Count}, node-b's {received[1].Count}");
            Assert.Equal(Count, all.Count);
            Assert.Equal(Enumerable.Range(0, Count).Select(i => $"fleet {i:D2}"), all.Order(StringComparer.Ordinal));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_account_deleted_on_one_node_has_its_bind_on_the_other_node_unbound_and_closed()
    {
        var database = await PostgresCluster.CreateDatabaseAsync();
        using var a = new GatewayFactory(Node("node-a", database));
        await a.WaitForModemsAsync();
        using var b = new GatewayFactory(Node("node-b", database));
        await b.WaitForModemsAsync();
        using var api = a.Api();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/smpp/accounts", new { systemId = "roaming", password = "pw" })).StatusCode);

        await using var client = await SmppTestClient.ConnectAsync(Port(b));
        Assert.Equal(CommandStatus.Ok, (await client.BindAsync("roaming", "pw")).CommandStatus);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync(new Uri("/api/v1/smpp/accounts/roaming", UriKind.Relative))).StatusCode);

        var unbind = await client.ReceiveAsync(p => p.CommandId == SmppCommand.Unbind);
        await client.SendAsync(new EmptyPdu(SmppCommand.UnbindResp) { SequenceNumber = unbind.SequenceNumber });
        await client.Closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, b.Services.GetRequiredService<SmppBinds>().CountOf("roaming"));
    }

    private static Dictionary<string, string?> Node(string name, string database) => new()
    {
        ["Gateway:Database:Provider"] = "Postgres",
        ["Gateway:Database:ConnectionString"] = database,
        ["Gateway:Node:Name"] = name,
        ["Gateway:Simulation:NamePrefix"] = name[^1..] + "-",
        ["Gateway:Smpp:Enabled"] = "true",
        ["Gateway:Smpp:Port"] = "0",
        ["Gateway:Smpp:Accounts:0:SystemId"] = "shop",
        ["Gateway:Smpp:Accounts:0:Password"] = "secret",
        ["Gateway:Smpp:Accounts:0:InboundRoutes:0"] = "a-1=+393330000001",
    };

    private static int Port(GatewayFactory node) => node.Services.GetRequiredService<SmppServer>().Port!.Value;

    private static async Task<int> PendingAsync(GatewayFactory node)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().SmppInbound.CountAsync();
    }

    /// <summary>The texts of the deliver_sm a client received, up to the answer to its unbind.</summary>
    private static async Task<List<string>> DrainAsync(SmppTestClient client)
    {
        var texts = new List<string>();
        var unbind = await client.SendAsync(new EmptyPdu(SmppCommand.Unbind));
        while (await client.ReceiveAsync(p => p is ShortMessagePdu { IsDeliver: true } || (p.CommandId == SmppCommand.UnbindResp && p.SequenceNumber == unbind)) is ShortMessagePdu deliver)
        {
            Assert.True(SmppDataCoding.TryDecode(deliver.DataCoding, deliver.ShortMessage.Span, out var text, out _));
            texts.Add(text);
        }

        return texts;
    }
}
