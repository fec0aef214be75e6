using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Tests.Fleet;

/// <summary>reengage db migrate-to-postgres: a single appliance's data moves into an empty fleet database whole.</summary>
public sealed class MigrateToPostgresTests
{
    [Fact]
    public async Task AnAppliancesData_IsCopiedWhole_AndTheFleetCarriesOnFromIt_ButANonEmptyTargetIsRefused()
    {
        var data = Directory.CreateTempSubdirectory("reengage-migrate-").FullName;
        long message;
        long contact;
        using (var appliance = MarketingKit.Gateway(data))
        {
            await appliance.WaitForModemsAsync();
            var api = appliance.Api();
            contact = await api.ContactAsync("shop-1", MarketingKit.Phone(1), "Ada", tags: ["vip"], attributes: new { city = "Milano" }, birthday: "1990-05-17");
            await api.EventAsync("shop-1", "purchase", appliance.Now().AddDays(-3), 42.5);
            message = await api.SendAsync(new { to = "+393471234567", text = "before the move" });
            await api.WaitForStatusAsync(message, "delivered");
            // The reply travels through the simulated modem: wait for its inbound event, not for time.
            await using var events = new LifecycleEvents(appliance.Services.GetRequiredService<Core.GatewayEventBus>());
            await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = MarketingKit.Phone(1), text = "STOP" });
            await events.UntilAsync(
                async () => (await (await api.GetAsync($"/api/v1/contacts/{contact}")).JsonAsync()).GetProperty("status").GetString() == "opted_out",
                TimeSpan.FromSeconds(30),
                () => Task.FromResult("the STOP reply did not opt the contact out"));
        }

        var fleetDatabase = await PostgresCluster.CreateDatabaseAsync(migrated: false);
        var progress = new StringWriter();
        var copied = await SqliteToPostgres.CopyAsync(Path.Combine(data, "gateway.db"), fleetDatabase, progress, CancellationToken.None);
        Assert.Contains(copied, t => t.Table == "contacts" && t.Rows == 1);
        Assert.Contains(copied, t => t.Table == "messages" && t.Rows >= 1);
        Assert.Contains(copied, t => t.Table == "api_keys" && t.Rows >= 1);
        Assert.Contains("rows copied and checked", progress.ToString(), StringComparison.Ordinal);

        // A second copy into the now-filled database is refused, and leaves it as it was.
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteToPostgres.CopyAsync(Path.Combine(data, "gateway.db"), fleetDatabase, TextWriter.Null, CancellationToken.None));
        Assert.Contains("not empty", again.Message, StringComparison.Ordinal);

        // A node on the fleet database sees the same contacts, history, opt-out and API key, and new rows get new ids.
        using var node = new GatewayFactory(new()
        {
            ["Gateway:Database:Provider"] = "Postgres",
            ["Gateway:Database:ConnectionString"] = fleetDatabase,
            ["Gateway:Marketing:PublicBaseUrl"] = "https://go.example.com",
        });
        await node.WaitForModemsAsync();
        var fleet = node.Api();
        var moved = await (await fleet.GetAsync($"/api/v1/contacts/{contact}")).JsonAsync();
        Assert.Equal("Ada", moved.GetProperty("firstName").GetString());
        Assert.Equal("opted_out", moved.GetProperty("status").GetString());
        Assert.Equal("delivered", (await (await fleet.GetAsync($"/api/v1/messages/{message}")).JsonAsync()).GetProperty("status").GetString());
        var next = await fleet.SendAsync(new { to = "+393471234568", text = "after the move" });
        Assert.True(next > message);
        Assert.Equal(HttpStatusCode.OK, (await fleet.GetAsync("/api/v1/nodes")).StatusCode);
        Directory.Delete(data, recursive: true);
    }
}
