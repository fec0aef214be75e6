using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// The document's <c>webhooks</c> describe what a receiver really gets: every event a webhook may subscribe
/// to is there with a schema for its <c>data</c>, and a request of each kind, as the gateway POSTs it to a real
/// receiver, keeps its entry (headers and body).
/// </summary>
public sealed class WebhookDocumentTests : IClassFixture<OpenApiContractTests.Gateway>
{
    private readonly OpenApiContractTests.Gateway fixture;

    public WebhookDocumentTests(OpenApiContractTests.Gateway fixture) => this.fixture = fixture;

    private JsonObject Document => fixture.Contract.Document;

    [Fact]
    public void EveryEvent_IsAWebhook_WithItsPayloadAsData_AndTheSignatureHeaders()
    {
        Assert.Equal(7, WebhookEvents.All.Count);
        var documented = WebhookCatalog.Documented.Select(k => k.Name).ToList(); // the seven events and webhook.test
        Assert.Equal([.. WebhookEvents.All, WebhookEvents.Test], documented);
        var webhooks = Document["webhooks"]?.AsObject() ?? [];
        Assert.Equal(documented.Order(StringComparer.Ordinal), webhooks.Select(w => w.Key).Order(StringComparer.Ordinal));
        foreach (var kind in WebhookCatalog.Documented)
        {
            var name = kind.Name;
            var operation = webhooks[name]!["post"]!.AsObject();
            var body = Resolve(operation["requestBody"]!["content"]!["application/json"]!["schema"]!);
            Assert.Equal(["at", "data", "event"], body["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal));
            Assert.Equal(name, body["properties"]!["event"]!["const"]!.GetValue<string>());

            // data is the catalog's record for the event, by name, with its properties (the test's one sentence aside).
            var data = body["properties"]!["data"]!["$ref"]!.GetValue<string>();
            Assert.Equal($"#/components/schemas/{kind.Payload.Name}", data);
            Assert.True(Resolve(body["properties"]!["data"]!)["properties"] is JsonObject { Count: > 3 } || kind == WebhookCatalog.Test, $"{name}: {data} says nothing");

            var headers = operation["parameters"]!.AsArray().Where(p => p!["in"]!.GetValue<string>() == "header" && p["required"]!.GetValue<bool>()).Select(p => p!["name"]!.GetValue<string>());
            Assert.Superset(new HashSet<string> { "webhook-id", "webhook-timestamp", "webhook-signature" }, headers.ToHashSet());
            Assert.NotNull(operation["responses"]!["2XX"]);
            Assert.Contains("retried", operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // The catalog's mapping, by event: the contact lists share the status payload.
        Assert.Equal(typeof(Core.MessageStatusChanged), WebhookCatalog.Find(WebhookEvents.MessageStatus)!.Payload);
        Assert.Equal(typeof(InboundMessagePayload), WebhookCatalog.Find(WebhookEvents.MessageInbound)!.Payload);
        Assert.Equal(typeof(ContactOptOutPayload), WebhookCatalog.Find(WebhookEvents.ContactOptOut)!.Payload);
        Assert.All([WebhookEvents.ContactStatus, WebhookEvents.ContactSleeping, WebhookEvents.ContactReactivated, WebhookEvents.ContactUnsubscribed],
            name => Assert.Equal(typeof(ContactStatusPayload), WebhookCatalog.Find(name)!.Payload));
    }

    [Fact]
    public async Task EveryKindOfRequestTheGatewaySends_KeepsItsWebhookEntry()
    {
        var api = fixture.Factory.Api();
        await using var receiver = await LoopbackReceiver.StartAsync();
        var hook = await (await api.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = WebhookEvents.All })).OkJsonAsync(HttpStatusCode.Created);

        // message.status: sent and delivered, and a cancelled one with its error; message.inbound.
        await api.WaitForStatusAsync(await api.SendAsync(new { to = "+393471300501", text = "Webhook document", reference = "wh-doc" }), "delivered");
        var later = await api.SendAsync(new { to = "+393471300502", text = "Tomorrow", sendAt = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/messages/{later}")).StatusCode);
        await (await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = "+393471300503", text = "Hello there" })).OkJsonAsync(HttpStatusCode.Accepted);

        // Every contact event: sleeping, back to active, unsubscribed, then opted out by the business.
        const string contact = "/api/v1/contacts/by-external-id/wh-doc";
        await (await api.PutAsJsonAsync(contact, new { phone = "+393471300504", firstName = "Wanda", consent = new { source = "test" } })).OkJsonAsync(HttpStatusCode.Created);
        foreach (var status in new[] { "sleeping", "active", "unsubscribed", "opted_out" })
        {
            await (await api.PutAsJsonAsync(contact, new { status })).OkJsonAsync();
        }

        // And the test the business can ask for, which no subscription names.
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/v1/webhooks/{hook.GetProperty("id").GetInt64()}/test", null)).StatusCode);

        var received = new List<ReceivedWebhook>();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!Seen(received))
        {
            received.Add(await receiver.NextAsync(TimeSpan.FromSeconds(30)));
            Assert.False(patience.IsCancellationRequested, "still missing: " + string.Join(", ", WebhookCatalog.Documented.Select(e => e.Name).Where(e => !received.Any(r => Event(r) == e))));
        }

        var violations = received.SelectMany(r =>
        {
            var name = Event(r);
            Assert.Equal(name, r.Headers["X-ReEngage-Event"].ToString());
            return fixture.Contract.WebhookViolations(name, header => r.Headers.TryGetValue(header, out var value) ? value.ToString() : null, r.Body);
        }).ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        await api.DeleteAsync($"/api/v1/webhooks/{hook.GetProperty("id").GetInt64()}");
    }

    /// <summary>Each documented body at least once (the events and the test), and a message.status with an error (the cancelled one) among them.</summary>
    private static bool Seen(List<ReceivedWebhook> received) =>
        WebhookCatalog.Documented.All(e => received.Any(r => Event(r) == e.Name))
        && received.Any(r => Event(r) == WebhookEvents.MessageStatus && JsonNode.Parse(r.Body)!["data"]!["error"] is JsonObject);

    private static string Event(ReceivedWebhook request) => JsonDocument.Parse(request.Body).RootElement.GetProperty("event").GetString()!;

    private JsonObject Resolve(JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference
            ? Document["components"]!["schemas"]![reference.Split('/')[^1]]!.AsObject()
            : schema.AsObject();
}
