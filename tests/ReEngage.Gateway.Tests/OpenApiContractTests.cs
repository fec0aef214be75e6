using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// The document is the truth: every endpoint of /api/v1 is called on the real host, for success and for
/// its typical errors, and each answer is checked against the document (status documented for that
/// operation, body valid against the documented schema).
/// </summary>
public sealed partial class OpenApiContractTests : IClassFixture<OpenApiContractTests.Gateway>
{
    private readonly Gateway fixture;
    private readonly List<string> violations = [];

    public OpenApiContractTests(Gateway fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        this.fixture = fixture;
    }

    private HttpClient Api(string? key = GatewayFactory.Key) => ContractCheckingHandler.Client(fixture.Factory, fixture.Contract, violations, key);

    [Fact]
    public async Task Messages_SentReadListedAndCancelled_AnswerAsDocumented()
    {
        var api = Api();
        var sent = await api.PostAsJsonAsync("/api/v1/messages", new { to = "+393471200001", text = "Your order has shipped", idempotencyKey = "contract-1", reference = "order-1" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var id = (await sent.JsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("order-1", (await sent.JsonAsync()).GetProperty("reference").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/v1/messages", new { to = "+393471200001", text = "Your order has shipped", idempotencyKey = "contract-1", reference = "order-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.PostAsJsonAsync("/api/v1/messages", new { to = "+393471200001", text = "Another text", idempotencyKey = "contract-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/api/v1/messages", new { to = "+393471200001", text = "", reference = new string('r', 257) })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/api/v1/messages", new StringContent("{\"to\": ", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await api.PostAsync("/api/v1/messages", new StringContent("to=1", Encoding.UTF8, "text/plain"))).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await api.PostAsync("/api/v1/messages", new StringContent(new string(' ', 70_000) + "{}", Encoding.UTF8, "application/json"))).StatusCode);

        var bulk = await api.PostAsJsonAsync("/api/v1/messages/bulk", new { messages = new object?[] { new { to = "+393471200002", text = "One", reference = "r-2" }, new { to = "nope", text = "Two" }, null } });
        Assert.Equal(HttpStatusCode.Accepted, bulk.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/api/v1/messages/bulk", new { messages = Array.Empty<object>() })).StatusCode);

        var message = await api.WaitForStatusAsync(id, "delivered");
        Assert.Equal("order-1", message.GetProperty("reference").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/messages/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/messages?status=delivered&limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/messages?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/messages?after=abc")).StatusCode);

        var later = await api.SendAsync(new { to = "+393471200003", text = "Tomorrow", sendAt = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/messages/{later}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.DeleteAsync($"/api/v1/messages/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync("/api/v1/messages/999999")).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await Api(null).GetAsync($"/api/v1/send?to=%2B393471200004&text=Alarm&key={GatewayFactory.Key}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api(null).GetAsync("/api/v1/send?to=%2B393471200004&text=Alarm")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/inbound?limit=5")).StatusCode);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task ContactsEventsAndWebhooks_AnswerAsDocumented()
    {
        var api = Api();
        var created = await api.PostAsJsonAsync("/api/v1/contacts", new { phone = "+393471200010", firstName = "Ada", tags = new[] { "vip" }, consent = new { source = "shop" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/v1/contacts", new { phone = "+393471200010", lastName = "Lovelace" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/api/v1/contacts", new { phone = "not a number" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PutAsJsonAsync("/api/v1/contacts/by-external-id/shop-42", new { phone = "+393471200011" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/contacts/by-external-id/shop-42")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/contacts/external/shop-42")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/contacts/by-external-id/nobody")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/contacts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/contacts?tag=vip")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/contacts?stauts=active")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/events", new { contact = new { externalId = "shop-42" }, type = "purchase", value = 25.5, currency = "EUR" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/api/v1/events", new { contact = new { externalId = "nobody" }, type = "purchase" })).StatusCode);
        var bulk = await api.PostAsJsonAsync("/api/v1/events/bulk", new { events = new object[] { new { contact = new { phone = "+393471200010" }, type = "visit" }, new { type = "nap" } } });
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/contacts/{id}/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/contacts/{id}/export")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync("/api/v1/contacts/by-external-id/shop-42")).StatusCode);

        var hook = await api.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "message.status" } });
        Assert.Equal(HttpStatusCode.Created, hook.StatusCode);
        var hookId = (await hook.JsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync("/api/v1/webhooks", new { url = "ftp://x", events = new[] { "nope" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/webhooks/{hookId}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/webhooks/{hookId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync($"/api/v1/webhooks/{hookId}")).StatusCode);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task EveryOperation_WithoutAKey_Answers401AsDocumented()
    {
        var anonymous = Api(null);
        foreach (var (method, path, _) in fixture.Contract.Operations.Where(o => o.Path.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), Concrete(path)));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {response.StatusCode}");
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task EveryOperation_CalledBare_AnswersAsDocumented()
    {
        // Each operation once with its path naming nothing that exists and no body: a 404, a 400, a 415 or,
        // for lists, a 200 — whichever it is, it must be documented, in the documented shape.
        var api = Api();
        foreach (var (method, path, _) in fixture.Contract.Operations.Where(o => o.Path.StartsWith("/api/v1/", StringComparison.Ordinal) && o.Path != "/api/v1/backup"))
        {
            var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(method), Concrete(path)));
            Assert.True((int)response.StatusCode < 500, $"{method} {path}: {response.StatusCode}");
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    /// <summary>A path for the template that names nothing that exists.</summary>
    private static string Concrete(string template) => Parameter().Replace(template, m => m.Groups[1].Value switch
    {
        "id" or "deliveryId" => "999999",
        "step" => "1",
        _ => "nothing-here",
    });

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Parameter();

    public sealed class Gateway : IAsyncLifetime
    {
        public GatewayFactory Factory { get; } = new(new()
        {
            ["Gateway:Api:LegacySendEnabled"] = "true",
            ["Gateway:Api:MaxRequestBytes"] = "65536",
        });

        public OpenApiContract Contract { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Contract = await OpenApiContract.LoadAsync(Factory.CreateClient());
            await Factory.WaitForModemsAsync();
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }
}
