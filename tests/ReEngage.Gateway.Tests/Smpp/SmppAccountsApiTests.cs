using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Smpp;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Tests.Smpp;

/// <summary>SMPP accounts managed through the API: created, bound with, listed, their password changed, deleted — beside the configured ones.</summary>
public sealed class SmppAccountsApiTests(SmppGateway gateway) : IClassFixture<SmppGateway>
{
    [Fact]
    public async Task An_account_created_through_the_api_binds_submits_and_follows_its_password_and_deletion()
    {
        using var api = gateway.Factory.Api();
        var created = await api.PostAsJsonAsync("/api/v1/smpp/accounts", new { systemId = "crm", password = "s3cret", allowedAddresses = new[] { "CRM" }, maxBinds = 1, throughput = 0 });
        var view = await created.JsonAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, view.ToString());
        Assert.Equal("api", view.GetProperty("source").GetString());
        Assert.False(view.TryGetProperty("password", out _));

        // Stored hashed: the password is nowhere in the row.
        await using (var scope = gateway.Factory.Services.CreateAsyncScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().SmppAccounts.AsNoTracking().SingleAsync(a => a.SystemId == "crm");
            Assert.DoesNotContain("s3cret", row.PasswordHash, StringComparison.Ordinal);
        }

        await using (var client = await SmppTestClient.ConnectAsync(gateway.Port))
        {
            Assert.Equal(CommandStatus.InvalidPassword, (await client.BindAsync("crm", "wrong")).CommandStatus);
            Assert.Equal(CommandStatus.Ok, (await client.BindAsync("crm", "s3cret")).CommandStatus);
            await using var second = await SmppTestClient.ConnectAsync(gateway.Port);
            Assert.Equal(CommandStatus.BindFailed, (await second.BindAsync("crm", "s3cret")).CommandStatus);

            var refused = await client.CallAsync(Submit("OTHER"));
            Assert.Equal(CommandStatus.InvalidSourceAddress, refused.CommandStatus);
            var accepted = (MessageRespPdu)await client.CallAsync(Submit("CRM"));
            Assert.Equal(CommandStatus.Ok, accepted.CommandStatus);
            var message = await (await api.GetAsync($"/api/v1/messages/{accepted.MessageId}")).JsonAsync();
            Assert.Equal("Hello from the CRM", message.GetProperty("text").GetString());

            var listed = await (await api.GetAsync("/api/v1/smpp/accounts")).JsonAsync();
            var crm = listed.EnumerateArray().Single(a => a.GetProperty("systemId").GetString() == "crm");
            Assert.Equal(1, crm.GetProperty("binds").GetInt32());
            Assert.Contains(listed.EnumerateArray(), a => a.GetProperty("systemId").GetString() == "shop" && a.GetProperty("source").GetString() == "configuration");
        }

        Assert.Equal(HttpStatusCode.NoContent, (await api.PutAsJsonAsync("/api/v1/smpp/accounts/crm/password", new { password = "n3w" })).StatusCode);
        await using (var client = await SmppTestClient.ConnectAsync(gateway.Port))
        {
            Assert.Equal(CommandStatus.InvalidPassword, (await client.BindAsync("crm", "s3cret")).CommandStatus);
            Assert.Equal(CommandStatus.Ok, (await client.BindAsync("crm", "n3w")).CommandStatus);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/v1/smpp/accounts/crm")).StatusCode);
        await using (var client = await SmppTestClient.ConnectAsync(gateway.Port))
        {
            Assert.Equal(CommandStatus.InvalidPassword, (await client.BindAsync("crm", "n3w")).CommandStatus);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync("/api/v1/smpp/accounts/crm")).StatusCode);
    }

    [Fact]
    public async Task Bad_fields_a_taken_system_id_and_configured_accounts_get_problems_that_say_why()
    {
        using var api = gateway.Factory.Api();
        var invalid = await api.PostAsJsonAsync("/api/v1/smpp/accounts", new { systemId = "a:b", password = "far-too-long", allowedAddresses = new[] { "" }, maxBinds = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.JsonAsync()).GetProperty("errors");
        Assert.Equal(["allowedAddresses", "maxBinds", "password", "systemId"], errors.EnumerateObject().Select(e => e.Name).Order());

        var taken = await api.PostAsJsonAsync("/api/v1/smpp/accounts", new { systemId = "shop", password = "x" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        var configured = await api.DeleteAsync("/api/v1/smpp/accounts/shop");
        Assert.Equal(HttpStatusCode.Conflict, configured.StatusCode);
        Assert.Contains("Gateway:Smpp:Accounts", (await configured.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static ShortMessagePdu Submit(string source) => new()
    {
        SourceAddress = source, DestinationTon = 1, DestinationNpi = 1, DestinationAddress = "393471234590",
        RegisteredDelivery = 0, DataCoding = 0, ShortMessage = SmppDataCoding.Encode("Hello from the CRM").Octets,
    };
}
