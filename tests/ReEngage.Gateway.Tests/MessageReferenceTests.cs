using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Tests;

/// <summary>The integrator's own reference travels with the message: accepted, read, listed and in every status webhook.</summary>
public sealed class MessageReferenceTests : IAsyncLifetime
{
    private readonly GatewayFactory factory = new();

    public Task InitializeAsync() => factory.WaitForModemsAsync();

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task TheReference_IsInTheStatusWebhooks_BesideTheIdempotencyKey()
    {
        var api = factory.Api();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "message.status" } })).StatusCode);
        var id = await api.SendAsync(new { to = "+393471400001", text = "Shipped", idempotencyKey = "ship-4001", reference = "ORDER 4001 / Rossi" });
        await api.WaitForStatusAsync(id, "delivered");

        var listed = await (await api.GetAsync("/api/v1/messages?to=%2B393471400001")).JsonAsync();
        Assert.Equal("ORDER 4001 / Rossi", listed.GetProperty("items")[0].GetProperty("reference").GetString());

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var payloads = await db.WebhookDeliveries.AsNoTracking().Where(d => d.Event == "message.status").Select(d => d.Payload).ToListAsync();
        var statuses = payloads.Select(p => JsonDocument.Parse(p).RootElement.GetProperty("data")).Where(d => d.GetProperty("id").GetInt64() == id).ToList();
        Assert.Contains(statuses, d => d.GetProperty("status").GetString() == "delivered");
        Assert.All(statuses, d =>
        {
            Assert.Equal("ORDER 4001 / Rossi", d.GetProperty("reference").GetString());
            Assert.Equal("ship-4001", d.GetProperty("idempotencyKey").GetString());
        });
    }

    [Fact]
    public async Task AReferenceOver256Characters_IsRefused_NamingTheField()
    {
        var response = await factory.Api().PostAsJsonAsync("/api/v1/messages", new { to = "+393471400002", text = "Hi", reference = new string('x', 257) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("reference", out _));
    }

    [Fact]
    public async Task BulkMessages_CarryTheirOwnReferences()
    {
        var api = factory.Api();
        var response = await api.PostAsJsonAsync("/api/v1/messages/bulk", new { messages = new[] { new { to = "+393471400003", text = "A", reference = "a-1" }, new { to = "+393471400004", text = "B", reference = "b-2" } } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.JsonAsync()).GetProperty("accepted");
        foreach (var (item, reference) in accepted.EnumerateArray().Zip(["a-1", "b-2"]))
        {
            Assert.Equal(reference, item.GetProperty("reference").GetString());
            var message = await (await api.GetAsync($"/api/v1/messages/{item.GetProperty("id").GetInt64()}")).JsonAsync();
            Assert.Equal(reference, message.GetProperty("reference").GetString());
        }
    }
}
