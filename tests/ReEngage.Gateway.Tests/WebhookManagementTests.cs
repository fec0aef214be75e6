using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ReEngage.Gateway.Tests;

/// <summary>Managing a webhook through the API: read, change, disable and enable, rotate its secret, redeliver.</summary>
public sealed class WebhookManagementTests : IAsyncLifetime
{
    private readonly GatewayFactory factory = new();
    private LoopbackReceiver receiver = null!;
    private HttpClient api = null!;

    public async Task InitializeAsync()
    {
        receiver = await LoopbackReceiver.StartAsync();
        api = factory.Api();
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await receiver.DisposeAsync();
        await factory.DisposeAsync();
    }

    [Fact]
    public async Task AWebhook_IsRead_Changed_Disabled_AndEnabledAgain_WithProblemsForWhatIsWrong()
    {
        var id = (await CreateAsync()).GetProperty("id").GetInt64();

        var read = await (await api.GetAsync($"/api/v1/webhooks/{id}")).OkJsonAsync();
        Assert.Equal((receiver.Url, true), (read.GetProperty("url").GetString(), read.GetProperty("enabled").GetBoolean()));
        Assert.False(read.TryGetProperty("secret", out _));

        var invalid = await api.PutAsJsonAsync($"/api/v1/webhooks/{id}", new { url = "ftp://shop.example.com", events = new[] { "message.sent" }, secret = "0123456789abcdef0123" });
        var problem = await invalid.OkJsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["events", "secret", "url"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());

        var malformed = await api.PutAsync($"/api/v1/webhooks/{id}", new StringContent("{\"url\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("Malformed JSON", (await malformed.JsonAsync()).GetProperty("title").GetString());

        var disabled = await (await api.PutAsJsonAsync($"/api/v1/webhooks/{id}", new { events = new[] { "message.inbound" }, description = "shop orders", enabled = false })).OkJsonAsync();
        Assert.Equal(receiver.Url, disabled.GetProperty("url").GetString());
        Assert.Equal(["message.inbound"], disabled.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("shop orders", disabled.GetProperty("description").GetString());
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.String, disabled.GetProperty("disabledAt").ValueKind);
        Assert.Equal("Disabled by an operator.", disabled.GetProperty("disabledReason").GetString());

        var enabled = await (await api.PutAsJsonAsync($"/api/v1/webhooks/{id}", new { enabled = true })).OkJsonAsync();
        Assert.True(enabled.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, enabled.GetProperty("disabledAt").ValueKind);
        Assert.Equal("shop orders", enabled.GetProperty("description").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/webhooks/999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutAsJsonAsync("/api/v1/webhooks/999", new { enabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/webhooks/999/deliveries")).StatusCode);

        // Without Gateway:Api:RateLimit, nothing is limited and no rate-limit headers are sent.
        Assert.False((await api.GetAsync("/api/v1/webhooks")).Headers.Contains("RateLimit-Limit"));
    }

    [Fact]
    public async Task AfterARotation_RequestsVerifyWithTheOldSecretAndTheNew()
    {
        var created = await CreateAsync();
        var id = created.GetProperty("id").GetInt64();
        var oldSecret = created.GetProperty("secret").GetString()!;

        var rotated = await (await api.PostAsync($"/api/v1/webhooks/{id}/rotate-secret", null)).OkJsonAsync();
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", newSecret, StringComparison.Ordinal);
        Assert.NotEqual(oldSecret, newSecret);
        var until = rotated.GetProperty("previousSecretExpiresAt").GetDateTimeOffset();
        Assert.InRange(until - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));

        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/v1/webhooks/{id}/test", null)).StatusCode);
        var request = await receiver.NextAsync();
        Assert.True(StandardWebhookReceiver.Verifies(oldSecret, request.Body, request.Headers), "a receiver still on the old secret must accept it");
        Assert.True(StandardWebhookReceiver.Verifies(newSecret, request.Body, request.Headers), "a receiver on the new secret must accept it");
        Assert.Equal(2, request.Headers["webhook-signature"].ToString().Split(' ').Length);
    }

    [Fact]
    public async Task ARedelivery_ComesAgainWithTheSameWebhookId_AndAPendingOneCannotBeRedelivered()
    {
        var id = (await CreateAsync()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/v1/webhooks/{id}/test", null)).StatusCode);
        var first = await receiver.NextAsync();
        var delivery = await WaitForDeliveryAsync(id, d => d.GetProperty("state").GetString() == "delivered");
        Assert.Equal(first.Id, delivery.GetProperty("webhookId").GetString());

        var deliveryId = delivery.GetProperty("id").GetInt64();
        var queued = await (await api.PostAsync($"/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver", null)).OkJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("pending", queued.GetProperty("state").GetString());
        var again = await receiver.NextAsync();
        Assert.Equal((first.Id, first.Body), (again.Id, again.Body));
        await WaitForDeliveryAsync(id, d => d.GetProperty("attempts").GetInt32() == 2 && d.GetProperty("state").GetString() == "delivered");

        // Refused, it waits for its retry: it is already queued.
        receiver.Answer = HttpStatusCode.ServiceUnavailable;
        await api.PostAsync($"/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver", null);
        await receiver.NextAsync();
        await WaitForDeliveryAsync(id, d => d.GetProperty("attempts").GetInt32() == 3);
        var conflict = await api.PostAsync($"/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver", null);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"/api/v1/webhooks/{id}/deliveries/{deliveryId + 1000}/redeliver", null)).StatusCode);

        // Operators see the same in /metrics: two delivered attempts, at least one failed, one delivery waiting.
        var metrics = await factory.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("reengage_webhook_attempts_total{result=\"delivered\"} 2\n", metrics, StringComparison.Ordinal);
        Assert.Matches("reengage_webhook_attempts_total\\{result=\"failed\"\\} [1-9]", metrics);
        Assert.Contains("reengage_webhook_deliveries_pending 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("reengage_webhooks_disabled 0\n", metrics, StringComparison.Ordinal);
    }

    private async Task<JsonElement> CreateAsync() =>
        await (await api.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "message.status" } })).OkJsonAsync(HttpStatusCode.Created);

    private async Task<JsonElement> WaitForDeliveryAsync(long webhookId, Func<JsonElement, bool> done)
    {
        JsonElement deliveries = default;
        for (var i = 0; i < 100; i++)
        {
            deliveries = await (await api.GetAsync($"/api/v1/webhooks/{webhookId}/deliveries")).OkJsonAsync();
            if (deliveries.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } latest && done(latest))
            {
                return latest;
            }

            await Task.Delay(100); // the outcome is saved just after the receiver answered
        }

        Assert.Fail($"the delivery never got there: {deliveries}");
        return default;
    }
}
