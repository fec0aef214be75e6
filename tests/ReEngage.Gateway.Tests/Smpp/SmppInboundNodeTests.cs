using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Smpp;

namespace ReEngage.Gateway.Tests.Smpp;

/// <summary>
/// Inbound SMS to an SMPP account, read by node-smpp (an implementation written by others; tests/smpp-client):
/// injected through the simulated modems, routed by the account's modem and keyword routes, stored and sent as
/// deliver_sm to a receiver and a transceiver bind; an account deleted through the API ends its open binds; the TLS port.
/// </summary>
public sealed class SmppInboundNodeTests(SmppInboundNodeTests.Gateway gateway) : IClassFixture<SmppInboundNodeTests.Gateway>
{
    private const string LongText = "A customer writes a long message that does not fit one SMS, so the gateway sends it in message_payload as one deliver_sm. End.";

    [Fact]
    public async Task Inbound_sms_reach_a_receiver_and_a_transceiver_bind_by_modem_and_keyword_route_including_one_stored_before_the_bind()
    {
        using var api = gateway.Factory.Api();
        await using var events = new LifecycleEvents(gateway.Factory.Services.GetRequiredService<GatewayEventBus>());

        // Before any bind: stored for the account, and sent once it binds.
        await InjectAsync(api, "sim-1", "+393471110000", "Sent while nobody was bound");

        // Not routed (sim-2 has no modem route, no keyword): the gateway keeps it, no account gets it.
        await InjectAsync(api, "sim-2", "+393471110009", "Nobody routes this one");
        await events.UntilAsync(() => events.All.OfType<InboundStored>().Count(e => e.From is "+393471110000" or "+393471110009") == 2, TimeSpan.FromSeconds(30), () => "the first two SMS were not stored");
        await using (var before = gateway.Factory.Services.CreateAsyncScope())
        {
            var stored = Assert.Single(await before.ServiceProvider.GetRequiredService<GatewayDbContext>().SmppInbound.AsNoTracking().ToListAsync());
            Assert.Equal(("shop", "+393471110000", "+393330000001"), (stored.SystemId, stored.From, stored.To));
        }

        var sent = new (string Modem, string From, string Text)[]
        {
            ("sim-1", "+393471110001", "Hello from a customer @ 10€"),
            ("sim-1", "+393471110002", "Ciao 👋 ünïcödé"),
            ("sim-1", "+393471110003", string.Concat(Enumerable.Repeat(LongText, 2))),
            ("sim-2", "+393471110004", "pizza margherita please"),
            ("sim-1", "+393471110005", "STOP"),
        };
        var result = await NodeSmppClient.RunAsync(gateway.Port, "inbound", new() { ["REENGAGE_SMPP_EXPECT"] = (sent.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) }, async () =>
        {
            foreach (var (modem, from, text) in sent)
            {
                await InjectAsync(api, modem, from, text);
            }
        });
        if (result is not { } json)
        {
            return;
        }

        var received = json.GetProperty("received").EnumerateArray().ToList();
        Assert.Equal(sent.Length + 1, received.Count);
        var bySender = received.ToDictionary(r => r.GetProperty("source").GetString()!);
        Assert.Equal(["393471110000", "393471110001", "393471110002", "393471110003", "393471110004", "393471110005"], bySender.Keys.Order());
        Assert.All(received, r =>
        {
            Assert.Equal(0, r.GetProperty("esmClass").GetInt32());
            Assert.Equal(1, r.GetProperty("sourceTon").GetInt32());
        });
        Assert.Contains(received, r => r.GetProperty("bind").GetString() == "receiver");
        Assert.Contains(received, r => r.GetProperty("bind").GetString() == "transceiver");

        var gsm = bySender["393471110001"];
        Assert.Equal("Hello from a customer @ 10€", gsm.GetProperty("text").GetString());
        Assert.Equal(0, gsm.GetProperty("dataCoding").GetInt32());
        Assert.Equal("393330000001", gsm.GetProperty("destination").GetString());
        var ucs2 = bySender["393471110002"];
        Assert.Equal("Ciao 👋 ünïcödé", ucs2.GetProperty("text").GetString());
        Assert.Equal(8, ucs2.GetProperty("dataCoding").GetInt32());
        var payload = bySender["393471110003"];
        Assert.True(payload.GetProperty("payload").GetBoolean());
        Assert.Equal(string.Concat(Enumerable.Repeat(LongText, 2)), payload.GetProperty("text").GetString());
        var keyword = bySender["393471110004"];
        Assert.Equal("4321", keyword.GetProperty("destination").GetString());
        Assert.Equal("pizza margherita please", keyword.GetProperty("text").GetString());
        Assert.Equal("STOP", bySender["393471110005"].GetProperty("text").GetString());

        await using var scope = gateway.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();

        // The STOP went through the gateway's own opt-out as well; everything acknowledged is gone from the store.
        Assert.True(await db.OptOuts.AnyAsync(o => o.Phone == "+393471110005"));
        Assert.True(await db.Inbound.AnyAsync(i => i.From == "+393471110009"));
        Assert.Equal(0, await db.SmppInbound.CountAsync());
    }

    [Fact]
    public async Task Deleting_an_account_unbinds_and_closes_its_open_binds()
    {
        using var api = gateway.Factory.Api();
        var created = await api.PostAsJsonAsync("/api/v1/smpp/accounts", new { systemId = "goner", password = "pw123" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var binds = gateway.Factory.Services.GetRequiredService<SmppBinds>();
        var result = await NodeSmppClient.RunAsync(gateway.Port, "unbound", new() { ["REENGAGE_SMPP_SYSTEM_ID"] = "goner", ["REENGAGE_SMPP_PASSWORD"] = "pw123" }, async () =>
        {
            Assert.Equal(1, binds.CountOf("goner"));
            Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/v1/smpp/accounts/goner")).StatusCode);
        });
        if (result is not { } json)
        {
            return;
        }

        Assert.Equal(["unbind", "close"], json.GetProperty("events").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(0, binds.CountOf("goner"));
    }

    [Fact]
    public async Task The_tls_port_serves_smpp_inside_tls_with_the_gateways_certificate()
    {
        var tlsPort = gateway.Factory.Services.GetRequiredService<SmppServer>().TlsPort;
        Assert.NotNull(tlsPort);
        if (await NodeSmppClient.RunAsync(tlsPort.Value, "one", new() { ["REENGAGE_SMPP_TLS"] = "1" }) is not { } json)
        {
            return;
        }

        Assert.StartsWith("TLSv1.", json.GetProperty("encrypted").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, json.GetProperty("answer").GetProperty("status").GetInt32());
        var id = json.GetProperty("answer").GetProperty("id").GetString();
        var receipt = Assert.Single(json.GetProperty("receipts").EnumerateArray());
        Assert.Equal(id, receipt.GetProperty("id").GetString());
    }

    private static async Task InjectAsync(HttpClient api, string modem, string from, string text)
    {
        var response = await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { modem, from, text });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>The gateway with one account that takes sim-1's SMS and the PIZZA keyword.</summary>
    public sealed class Gateway : IAsyncLifetime
    {
        public GatewayFactory Factory { get; } = new(new()
        {
            ["Gateway:Smpp:Enabled"] = "true",
            ["Gateway:Smpp:Port"] = "0",
            ["Gateway:Smpp:TlsPort"] = "0",
            ["Gateway:Smpp:ResponseTimeout"] = "00:00:03",
            ["Gateway:Smpp:Accounts:0:SystemId"] = "shop",
            ["Gateway:Smpp:Accounts:0:Password"] = "secret",
            ["Gateway:Smpp:Accounts:0:MaxBinds"] = "4",
            ["Gateway:Smpp:Accounts:0:InboundRoutes:0"] = "sim-1=+393330000001",
            ["Gateway:Smpp:Accounts:0:InboundRoutes:1"] = "#PIZZA=4321",
        });

        public int Port => Factory.Services.GetRequiredService<SmppServer>().Port!.Value;

        public async Task InitializeAsync() => await Factory.WaitForModemsAsync();

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }
}
