using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// A contact's status changes the same way whichever path asks — the API (and so the dashboard), a CSV
/// import, a STOP reply — with the same rules, the same words when refused and the same webhooks, saved
/// with the change.
/// </summary>
public class ContactLifecycleTests : IDisposable
{
    private static readonly string[] AllContactEvents = ["contact.optout", "contact.status", "contact.sleeping", "contact.reactivated", "contact.unsubscribed"];
    private readonly GatewayFactory gateway;
    private readonly HttpClient api;

    public ContactLifecycleTests()
        : this(onPostgres: false)
    {
    }

    protected ContactLifecycleTests(bool onPostgres)
    {
        gateway = MarketingKit.Gateway(onPostgres: onPostgres);
        api = gateway.Api();
    }

    public void Dispose()
    {
        api.Dispose();
        gateway.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task SubscribeAsync() =>
        await (await api.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://shop.example.com/hooks", events = AllContactEvents })).OkJsonAsync(HttpStatusCode.Created);

    private async Task<List<(string Event, JsonElement Data)>> HooksAsync()
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().WebhookDeliveries.AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.Event, d.Payload }).ToListAsync();
        return [.. rows.Select(r => (r.Event, JsonDocument.Parse(r.Payload).RootElement.GetProperty("data").Clone()))];
    }

    private Task<HttpResponseMessage> ImportAsync(string csv, string query = "consentSource=shop%20form") =>
        api.PostAsync($"/api/v1/contacts/import?{query}", new StringContent(csv, Encoding.UTF8, "text/csv"));

    [Fact]
    public async Task OptOut_ThroughTheApi_IsAnnounced_AsByStop()
    {
        await SubscribeAsync();
        var id = await api.ContactAsync("c1", MarketingKit.Phone(1), "Marta");
        var changed = await (await api.PutAsJsonAsync("/api/v1/contacts/c1", new { status = "opted_out" })).OkJsonAsync();
        Assert.Equal("opted_out", changed.GetProperty("status").GetString());

        var hooks = await HooksAsync();
        var optOut = Assert.Single(hooks, h => h.Event == "contact.optout").Data;
        Assert.Equal((MarketingKit.Phone(1), "api", id, "c1"), (optOut.GetProperty("phone").GetString(), optOut.GetProperty("source").GetString(), optOut.GetProperty("contactId").GetInt64(), optOut.GetProperty("externalId").GetString()));
        var status = Assert.Single(hooks, h => h.Event == "contact.status").Data;
        Assert.Equal(("opted_out", "active", "operator", "api"), (status.GetProperty("status").GetString(), status.GetProperty("previousStatus").GetString(), status.GetProperty("changedBy").GetString(), status.GetProperty("reason").GetString()));

        // Only the person can come back; the refusal names why, and nothing is announced.
        var refused = await (await api.PutAsJsonAsync("/api/v1/contacts/c1", new { status = "active" })).OkJsonAsync(HttpStatusCode.BadRequest);
        Assert.Contains("only the person can opt back in", refused.GetProperty("errors").GetProperty("status")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await HooksAsync()).Count);
    }

    [Fact]
    public async Task OptOut_ByCsvImport_IsAnnounced_AndAReactivationIsRefusedWithTheApisWords()
    {
        await SubscribeAsync();
        await api.ContactAsync("c1", MarketingKit.Phone(1), "Marta");
        var report = await (await ImportAsync($"phone,status\n{MarketingKit.Phone(1)},opted_out\n{MarketingKit.Phone(2)},unsubscribed\n{MarketingKit.Phone(3)},active\n")).OkJsonAsync();
        Assert.Equal((2, 1), (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32()));

        var hooks = await HooksAsync();
        var optOut = Assert.Single(hooks, h => h.Event == "contact.optout").Data;
        Assert.Equal((MarketingKit.Phone(1), "import", "c1"), (optOut.GetProperty("phone").GetString(), optOut.GetProperty("source").GetString(), optOut.GetProperty("externalId").GetString()));
        var statuses = hooks.Where(h => h.Event == "contact.status").Select(h => h.Data).ToList();
        Assert.Equal(2, statuses.Count);
        Assert.Contains(statuses, s => s.GetProperty("phone").GetString() == MarketingKit.Phone(1) && s.GetProperty("previousStatus").GetString() == "active" && s.GetProperty("status").GetString() == "opted_out");

        // A new contact that starts unsubscribed is announced (no previous status); one that starts active is not.
        Assert.Contains(statuses, s => s.GetProperty("phone").GetString() == MarketingKit.Phone(2) && s.GetProperty("previousStatus").ValueKind == JsonValueKind.Null);
        Assert.Single(hooks, h => h.Event == "contact.unsubscribed");

        var again = await (await ImportAsync($"phone,status\n{MarketingKit.Phone(1)},active\n")).OkJsonAsync(HttpStatusCode.UnprocessableEntity);
        var error = Assert.Single(again.GetProperty("errors").EnumerateArray());
        var apiWords = (await (await api.PutAsJsonAsync("/api/v1/contacts/c1", new { status = "active" })).OkJsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("status")[0].GetString();
        Assert.Equal(apiWords, error.GetProperty("message").GetString());
        Assert.Equal(4, (await HooksAsync()).Count);
    }

    [Fact]
    public async Task Stop_TheOptOut_TheContactsStatus_AndTheirWebhooks_ArriveTogether()
    {
        await SubscribeAsync();
        var id = await api.ContactAsync("c1", MarketingKit.Phone(1), "Marta");
        await using var events = new LifecycleEvents(gateway.Services.GetRequiredService<GatewayEventBus>());
        await (await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = MarketingKit.Phone(1), text = "Stop" })).OkJsonAsync(HttpStatusCode.Accepted);
        await events.UntilAsync(() => events.All.OfType<InboundStored>().Any(e => e.From == MarketingKit.Phone(1)), TimeSpan.FromSeconds(30), () => "the STOP was not stored");

        // Announced once committed: everything the STOP changed is there at that moment, not a save later.
        var contact = await (await api.GetAsync($"/api/v1/contacts/{id}")).OkJsonAsync();
        Assert.Equal("opted_out", contact.GetProperty("status").GetString());
        var hooks = await HooksAsync();
        var optOut = Assert.Single(hooks, h => h.Event == "contact.optout").Data;
        Assert.Equal(("sms", "sim-1", id), (optOut.GetProperty("source").GetString(), optOut.GetProperty("modem").GetString(), optOut.GetProperty("contactId").GetInt64()));
        var status = Assert.Single(hooks, h => h.Event == "contact.status").Data;
        Assert.Equal(("person", "sms"), (status.GetProperty("changedBy").GetString(), status.GetProperty("reason").GetString()));

        // START is the person's to send: back to active, announced as a reactivation.
        await (await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = MarketingKit.Phone(1), text = "START" })).OkJsonAsync(HttpStatusCode.Accepted);
        await events.UntilAsync(() => events.All.OfType<InboundStored>().Count(e => e.From == MarketingKit.Phone(1)) == 2, TimeSpan.FromSeconds(30), () => "the START was not stored");
        Assert.Equal("active", (await (await api.GetAsync($"/api/v1/contacts/{id}")).OkJsonAsync()).GetProperty("status").GetString());
        Assert.Single(await HooksAsync(), h => h.Event == "contact.reactivated");
    }

    [Fact]
    public async Task Consent_TheContactsOwnStatementReplaces_ABatchStatementOnlyFillsAGap_ThroughApiAndImportAlike()
    {
        await api.PutAsJsonAsync("/api/v1/contacts/c1", new { phone = MarketingKit.Phone(1), consent = new { source = "in-store tablet", text = "Yes to offers" } });
        await (await ImportAsync($"phone,first_name\n{MarketingKit.Phone(1)},Marta\n{MarketingKit.Phone(2)},Luca\n", "consentSource=newsletter%20list")).OkJsonAsync();
        Assert.Equal("in-store tablet", (await ConsentOfAsync(MarketingKit.Phone(1))).GetProperty("source").GetString());
        Assert.Equal("newsletter list", (await ConsentOfAsync(MarketingKit.Phone(2))).GetProperty("source").GetString());

        await (await ImportAsync($"phone,consent_source\n{MarketingKit.Phone(1)},paper form 2026\n", "consentSource=newsletter%20list")).OkJsonAsync();
        Assert.Equal("paper form 2026", (await ConsentOfAsync(MarketingKit.Phone(1))).GetProperty("source").GetString());
        await api.PutAsJsonAsync("/api/v1/contacts/c1", new { consent = new { source = "double opt-in" } });
        Assert.Equal("double opt-in", (await ConsentOfAsync(MarketingKit.Phone(1))).GetProperty("source").GetString());
    }

    private async Task<JsonElement> ConsentOfAsync(string phone)
    {
        var list = await (await api.GetAsync($"/api/v1/contacts?q={Uri.EscapeDataString(phone)}")).OkJsonAsync();
        return Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("consent");
    }
}

public sealed class ContactLifecycleTestsOnPostgres() : ContactLifecycleTests(onPostgres: true);
