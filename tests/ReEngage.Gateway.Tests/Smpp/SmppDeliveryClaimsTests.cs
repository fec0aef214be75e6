using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Smpp;

namespace ReEngage.Gateway.Tests.Smpp;

/// <summary>
/// Stored receipts and inbound SMS are claimed before they are sent: two claimers on one database (two nodes) never
/// hold the same row, a row is gone only once acknowledged, a refused one is free again at once, and a lease that ran
/// out (its node died) lets another node take the row — while the late node cannot free it under the new holder.
/// </summary>
public class SmppDeliveryClaimsTests : IDisposable
{
    private const string Account = "fleetacct";
    private readonly GatewayFactory gateway;
    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly SmppDeliveryClaims nodeA;
    private readonly SmppDeliveryClaims nodeB;

    public SmppDeliveryClaimsTests()
        : this(onPostgres: false)
    {
    }

    protected SmppDeliveryClaimsTests(bool onPostgres)
    {
        gateway = new GatewayFactory(onPostgres: onPostgres);
        var options = Options.Create(new SmppOptions { ResponseTimeout = TimeSpan.FromSeconds(30) });
        var scopes = gateway.Services.GetRequiredService<IServiceScopeFactory>();
        nodeA = new SmppDeliveryClaims(scopes, options, clock);
        nodeB = new SmppDeliveryClaims(scopes, options, clock);
    }

    public void Dispose()
    {
        gateway.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_claimed_receipt_is_held_by_one_node_until_acknowledged_refused_or_its_lease_runs_out()
    {
        var ids = await AddReceiptsAsync(3);
        var a1 = await nodeA.ClaimReceiptsAsync(Account, 2, default);
        Assert.Equal(ids[..2], a1.Select(r => r.Id));
        Assert.Equal([ids[2]], (await nodeB.ClaimReceiptsAsync(Account, 5, default)).Select(r => r.Id));
        Assert.Empty(await nodeA.ClaimReceiptsAsync(Account, 5, default));

        // Acknowledged: deleted. Refused: free for the next claim, whichever node makes it.
        await nodeA.SettleAsync([a1[0]], [a1[1]], default);
        var b2 = await nodeB.ClaimReceiptsAsync(Account, 5, default);
        Assert.Equal([ids[1]], b2.Select(r => r.Id));

        // Node B dies holding ids[1] and ids[2]: once the lease ends, node A takes both.
        clock.Advance(nodeA.Lease + TimeSpan.FromSeconds(1));
        var a2 = await nodeA.ClaimReceiptsAsync(Account, 5, default);
        Assert.Equal(ids[1..], a2.Select(r => r.Id));

        // B's late "refused" does not free what A now holds.
        await nodeB.SettleAsync<SmppReceipt>([], [.. b2], default);
        Assert.Empty(await nodeB.ClaimReceiptsAsync(Account, 5, default));

        await nodeA.SettleAsync([.. a2], [], default);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Two_nodes_claiming_at_once_share_the_rows_without_sending_any_twice()
    {
        var ids = await AddReceiptsAsync(60);
        var taken = await Task.WhenAll(DrainAsync(nodeA), DrainAsync(nodeB));
        var all = taken.SelectMany(t => t).ToList();
        Assert.Equal(ids.Order(), all.Order());
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Inbound_sms_are_claimed_the_same_way()
    {
        await using (var scope = gateway.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            db.SmppInbound.Add(new SmppInbound { InboundId = 1, SystemId = Account, From = "+393471234567", To = "4321", Text = "hi", ReceivedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var a = Assert.Single(await nodeA.ClaimInboundAsync(Account, 5, default));
        Assert.Empty(await nodeB.ClaimInboundAsync(Account, 5, default));
        clock.Advance(nodeA.Lease);
        Assert.Equal(a.Id, Assert.Single(await nodeB.ClaimInboundAsync(Account, 5, default)).Id);
    }

    private static async Task<List<long>> DrainAsync(SmppDeliveryClaims node)
    {
        var mine = new List<long>();
        while (await node.ClaimReceiptsAsync(Account, 7, default) is { Count: > 0 } claim)
        {
            mine.AddRange(claim.Select(r => r.Id));
            await node.SettleAsync(claim, [], default);
        }

        return mine;
    }

    private async Task<long[]> AddReceiptsAsync(int count)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var rows = Enumerable.Range(0, count).Select(i => new SmppReceipt
        {
            MessageId = 1000 + i,
            SystemId = Account,
            ClientAddress = "ACME",
            Recipient = "+393471234567",
            Outcome = MessageStatus.Delivered,
            Excerpt = "x",
            SubmittedAt = clock.GetUtcNow(),
            DoneAt = clock.GetUtcNow(),
        }).ToList();
        db.SmppReceipts.AddRange(rows);
        await db.SaveChangesAsync();
        return [.. rows.Select(r => r.Id)];
    }

    private async Task<int> CountAsync()
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().SmppReceipts.CountAsync(r => r.SystemId == Account);
    }
}

/// <summary>The same claims on PostgreSQL, where two nodes' UPDATEs really run at once.</summary>
public sealed class SmppDeliveryClaimsTestsOnPostgres() : SmppDeliveryClaimsTests(onPostgres: true);
