using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// Every operation in /openapi/v1.json answers a successful call on the real host, and that answer (and the
/// body the call sent) keeps the document: a route whose success was never exercised cannot hide a schema
/// that describes something else. The tour is one test, so the coverage is counted over all of it.
/// </summary>
public sealed class OpenApiCoverageTests : IClassFixture<OpenApiContractTests.Gateway>
{
    private readonly OpenApiContractTests.Gateway fixture;
    private readonly List<string> violations = [];
    private readonly ConcurrentDictionary<string, int> covered = new();

    public OpenApiCoverageTests(OpenApiContractTests.Gateway fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        this.fixture = fixture;
    }

    [Fact]
    public async Task EveryOperation_AnswersASuccessfulCall_ThatKeepsTheDocument()
    {
        var api = ContractCheckingHandler.Client(fixture.Factory, fixture.Contract, violations, covered: covered);
        var anonymous = ContractCheckingHandler.Client(fixture.Factory, fixture.Contract, violations, key: null, covered: covered);
        await using var receiver = await LoopbackReceiver.StartAsync();

        // Messages.
        var message = await Ok(api.PostAsJsonAsync("/api/v1/messages", new { to = "+393471300001", text = "Coverage", reference = "cov-1" }), HttpStatusCode.Accepted);
        var messageId = message.GetProperty("id").GetInt64();
        await Ok(api.PostAsJsonAsync("/api/v1/messages/bulk", new { messages = new[] { new { to = "+393471300002", text = "Bulk" } } }), HttpStatusCode.Accepted);
        await api.WaitForStatusAsync(messageId, "delivered");
        await Ok(api.GetAsync($"/api/v1/messages/{messageId}"));
        await Ok(api.GetAsync("/api/v1/messages?limit=5"));
        await Ok(api.GetAsync("/api/v1/messages/recent?limit=5"));
        await Ok(api.GetAsync($"/api/v1/messages/{messageId}/parts"));
        var later = await api.SendAsync(new { to = "+393471300003", text = "Tomorrow", sendAt = DateTimeOffset.UtcNow.AddDays(1) });
        await Ok(api.DeleteAsync($"/api/v1/messages/{later}"), HttpStatusCode.NoContent);
        await Ok(anonymous.GetAsync($"/api/v1/send?to=%2B393471300004&text=Alarm&key={GatewayFactory.Key}"), HttpStatusCode.Accepted);
        await Ok(api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = "+393471300005", text = "Hello" }), HttpStatusCode.Accepted);
        await Ok(api.GetAsync("/api/v1/inbound?limit=5"));
        await Ok(api.GetAsync("/api/v1/inbound?newest=true&limit=5"));

        // Contacts and events.
        var ada = (await Ok(api.PostAsJsonAsync("/api/v1/contacts", new { phone = "+393471300010", firstName = "Ada", tags = new[] { "cov" }, consent = new { source = "shop" } }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Ok(api.PutAsJsonAsync("/api/v1/contacts/by-external-id/cov-ext", new { phone = "+393471300011", firstName = "Bea", tags = new[] { "cov" } }), HttpStatusCode.Created);
        await Ok(api.GetAsync("/api/v1/contacts/by-external-id/cov-ext"));
        await Ok(api.GetAsync("/api/v1/contacts/external/cov-ext"));
        await Ok(api.GetAsync($"/api/v1/contacts/{ada}"));
        await Ok(api.GetAsync("/api/v1/contacts?tag=cov"));
        await Ok(api.PostAsJsonAsync("/api/v1/events", new { contact = new { externalId = "cov-ext" }, type = "purchase", value = 20.5, currency = "EUR" }), HttpStatusCode.Created);
        await Ok(api.PostAsJsonAsync("/api/v1/events/bulk", new { events = new[] { new { contact = new { phone = "+393471300010" }, type = "visit" } } }));
        await Ok(api.PostAsync("/api/v1/events/import", new StringContent("phone,type,at\n+393471300010,email_open,2026-01-05T10:00:00Z\n", Encoding.UTF8, "text/csv")));
        await Ok(api.PostAsync("/api/v1/contacts/import?consentSource=paper%20form", new StringContent("phone,first_name,tags\n+393471300012,Cy,cov\n+393471300013,Di,cov\n+393471300014,Ed,cov\n", Encoding.UTF8, "text/csv")));
        await Ok(api.GetAsync($"/api/v1/contacts/{ada}/timeline"));
        await Ok(api.GetAsync($"/api/v1/contacts/{ada}/conversation?limit=10"));
        await Ok(api.GetAsync($"/api/v1/contacts/{ada}/export"));
        await Ok(api.GetAsync("/api/v1/contacts/by-external-id/cov-ext/export"));
        await Ok(api.GetAsync("/api/v1/contacts/external/cov-ext/export"));
        await Ok(api.GetAsync("/api/v1/contacts/export"));

        // Segments.
        var segment = (await Ok(api.PostAsJsonAsync("/api/v1/segments", new { name = "Coverage", rule = new { kind = "tag", value = "cov" } }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Ok(api.GetAsync("/api/v1/segments"));
        await Ok(api.GetAsync($"/api/v1/segments/{segment}"));
        await Ok(api.PutAsJsonAsync($"/api/v1/segments/{segment}", new { name = "Coverage", description = "contacts tagged cov", rule = new { kind = "tag", value = "cov" } }));
        await Ok(api.GetAsync($"/api/v1/segments/{segment}/count"));
        await Ok(api.GetAsync($"/api/v1/segments/{segment}/contacts?limit=2"));
        await Ok(api.GetAsync($"/api/v1/segments/{segment}/export"));
        await Ok(api.PostAsJsonAsync("/api/v1/segments/preview", new { rule = new { kind = "event", @event = "purchase", days = 30 } }));
        var spare = (await Ok(api.PostAsJsonAsync("/api/v1/segments", new { name = "Spare", rule = new { kind = "status", value = "sleeping" } }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Ok(api.DeleteAsync($"/api/v1/segments/{spare}"), HttpStatusCode.NoContent);

        // Marketing tools.
        await Ok(api.PostAsJsonAsync("/api/v1/templates/check", new { template = "Hi {{first_name|there}}, {{coupon}} is yours", coupon = new { pattern = "CHK-####", validDays = 7 } }));
        await Ok(api.PostAsJsonAsync("/api/v1/templates/landing-preview", new { headline = "Welcome back", text = "20% off", buttonText = "Shop" }));
        await Ok(api.PostAsJsonAsync("/api/v1/coupons/pools/cov-pool", new { codes = new[] { "POOL-1", "POOL-2" } }));

        // Campaigns: a contest with a coupon, sent now; its coupons and entries feed the tools below.
        var campaign = (await Ok(api.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "Coverage contest",
            segmentId = segment,
            holdoutPercent = 0,
            message = new { kind = "contest", template = "Reply WIN, code {{coupon}}", coupon = new { pattern = "COV-####", validDays = 7 } },
        }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Ok(api.GetAsync("/api/v1/campaigns"));
        await Ok(api.GetAsync($"/api/v1/campaigns/{campaign}"));
        await Ok(api.PutAsJsonAsync($"/api/v1/campaigns/{campaign}", new
        {
            name = "Coverage contest",
            segmentId = segment,
            holdoutPercent = 0,
            message = new { kind = "contest", template = "Reply WIN to enter, code {{coupon}}", coupon = new { pattern = "COV-####", validDays = 7 } },
        }));
        await Ok(api.GetAsync($"/api/v1/campaigns/{campaign}/preview?sendAt=2030-01-01T10:00:00Z"));
        await Ok(api.PostAsync($"/api/v1/campaigns/{campaign}/schedule", null), HttpStatusCode.Accepted);
        await Ok(api.PostAsync("/api/v1/marketing/run", null), HttpStatusCode.NoContent);
        var coupon = await UntilAsync(async () =>
        {
            await using var scope = fixture.Factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Coupons.AsNoTracking().Where(c => c.CampaignId == campaign && c.ContactId != null).Select(c => c.Code).FirstOrDefaultAsync();
        });
        await Ok(api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = "+393471300010", text = "WIN" }), HttpStatusCode.Accepted);
        await UntilAsync(async () => (await (await api.GetAsync($"/api/v1/campaigns/{campaign}/responses")).JsonAsync()).GetProperty("contacts").GetInt32() > 0 ? "entered" : null);
        await Ok(api.GetAsync($"/api/v1/campaigns/{campaign}/responses"));
        await Ok(api.GetAsync($"/api/v1/campaigns/{campaign}/responses?format=csv"));
        await Ok(api.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/draw", new { winners = 1, seed = 7 }), HttpStatusCode.Created);
        await Ok(api.GetAsync($"/api/v1/campaigns/{campaign}/draws"));
        await Ok(api.GetAsync($"/api/v1/campaigns/{campaign}/report"));
        await Ok(api.GetAsync($"/api/v1/coupons/{coupon}"));
        await Ok(api.PostAsJsonAsync($"/api/v1/coupons/{coupon}/redeem", new { value = 12.5 }));
        var draft = (await Ok(api.PostAsJsonAsync("/api/v1/campaigns", new { name = "Coverage draft", segmentId = segment, message = new { template = "Hello {{first_name|there}}" } }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Ok(api.PostAsJsonAsync($"/api/v1/campaigns/{draft}/schedule", new { sendAt = DateTimeOffset.UtcNow.AddDays(3) }), HttpStatusCode.Accepted);
        await Ok(api.PostAsync($"/api/v1/campaigns/{draft}/cancel", null));

        // Automations.
        await Ok(api.GetAsync("/api/v1/automations/template"));
        var steps = new[] { new { name = "Contest", kind = "contest", waitDays = 0, template = "Reply YES to enter" } };
        var automation = (await Ok(api.PostAsJsonAsync("/api/v1/automations", new { name = "Coverage", segmentId = segment, steps }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Ok(api.GetAsync("/api/v1/automations"));
        await Ok(api.GetAsync($"/api/v1/automations/{automation}"));
        await Ok(api.PutAsJsonAsync($"/api/v1/automations/{automation}", new { name = "Coverage", segmentId = segment, steps, holdoutPercent = 0 }));
        await Ok(api.GetAsync($"/api/v1/automations/{automation}/forecast?limit=5"));
        await Ok(api.PostAsync($"/api/v1/automations/{automation}/activate", null));
        await Ok(api.PostAsync($"/api/v1/automations/{automation}/pause", null));
        await Ok(api.GetAsync($"/api/v1/automations/{automation}/report"));
        await Ok(api.GetAsync($"/api/v1/automations/{automation}/steps/0/responses"));
        await Ok(api.GetAsync($"/api/v1/automations/{automation}/steps/0/responses?format=csv"));
        await Ok(api.PostAsJsonAsync($"/api/v1/automations/{automation}/steps/0/draw", new { winners = 1 }), HttpStatusCode.Created);
        await Ok(api.GetAsync($"/api/v1/automations/{automation}/steps/0/draws"));

        // Figures, keys, users, settings, backup.
        await Ok(api.GetAsync("/api/v1/stats"));
        await Ok(api.GetAsync("/api/v1/stats/hourly?hours=2"));
        await Ok(api.GetAsync("/api/v1/sms/count?text=Caff%C3%A8"));
        var key = (await Ok(api.PostAsJsonAsync("/api/v1/keys", new { name = "coverage" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await Ok(api.GetAsync("/api/v1/keys"));
        await Ok(api.DeleteAsync($"/api/v1/keys/{key}"), HttpStatusCode.NoContent);
        await Ok(api.PostAsJsonAsync("/api/v1/smpp/accounts", new { systemId = "coverage", password = "pw", allowedAddresses = new[] { "SHOP" }, maxBinds = 1, windowSize = 5, throughput = 10 }), HttpStatusCode.Created);
        await Ok(api.GetAsync("/api/v1/smpp/accounts"));
        await Ok(api.PutAsJsonAsync("/api/v1/smpp/accounts/coverage/password", new { password = "pw2" }), HttpStatusCode.NoContent);
        await Ok(api.DeleteAsync("/api/v1/smpp/accounts/coverage"), HttpStatusCode.NoContent);
        var user = (await Ok(api.PostAsJsonAsync("/api/v1/users", new { userName = "coverage", password = "correct horse battery staple", role = "operator" }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await Ok(api.GetAsync("/api/v1/users"));
        await Ok(api.DeleteAsync($"/api/v1/users/{user}"), HttpStatusCode.NoContent);
        await Ok(api.GetAsync("/api/v1/settings"));
        await Ok(api.PutAsJsonAsync("/api/v1/settings", new { quietHours = new { start = "21:00", end = "08:00", timeZone = "Europe/Rome" } }), HttpStatusCode.NoContent);
        await Ok(api.GetAsync("/api/v1/backup"), TestEngine.IsPostgres ? HttpStatusCode.Conflict : HttpStatusCode.OK); // a fleet backs up with pg_dump

        // Opt-outs in the customer's words: the sets, a try-out, a misread BASTA undone, a request recorded.
        await Ok(api.GetAsync("/api/v1/settings/keywords"));
        await Ok(api.PutAsJsonAsync("/api/v1/settings/keywords", new { confirmOptOut = false, languages = new[] { new { language = "it", optOut = new[] { "STOP", "BASTA", "SPARITE" }, optIn = new[] { "START" }, help = new[] { "AIUTO" }, helpReply = "Scrivi STOP." } } }), HttpStatusCode.NoContent);
        await Ok(api.PostAsJsonAsync("/api/v1/settings/keywords/test", new { text = "Basta, grazie", language = "it" }));
        var misread = (await Ok(api.PostAsJsonAsync("/api/v1/contacts", new { phone = "+393471300020", firstName = "Gina" }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Ok(api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = "+393471300020", text = "Basta!" }), HttpStatusCode.Accepted);
        var optOuts = await Ok(api.GetAsync($"/api/v1/keyword-opt-outs?contactId={misread}"));
        for (var i = 0; i < 100 && optOuts.GetArrayLength() == 0; i++)
        {
            await Task.Delay(100);
            optOuts = await Ok(api.GetAsync($"/api/v1/keyword-opt-outs?contactId={misread}"));
        }

        await Ok(api.PostAsJsonAsync($"/api/v1/keyword-opt-outs/{optOuts[0].GetProperty("id").GetInt64()}/undo", new { reason = "coverage" }));
        await Ok(api.PostAsync($"/api/v1/contacts/{misread}/opt-out", null));
        await Ok(anonymous.GetAsync("/healthz"));

        // Modems, nodes, simulation.
        await Ok(api.GetAsync("/api/v1/modems"));
        await Ok(api.GetAsync("/api/v1/nodes"));
        await Ok(api.GetAsync("/api/v1/modems/sim-1/signal"));
        await Ok(api.GetAsync("/api/v1/modems/sim-1/events"));
        await Ok(api.PostAsJsonAsync("/api/v1/modems/sim-1/at", new { command = "AT+CSQ" }));
        await Ok(api.PostAsJsonAsync("/api/v1/modems/sim-1/ussd", new { code = "*100#" }));
        await Ok(api.PostAsJsonAsync("/api/v1/simulation/modems/sim-1/signal", new { rssi = 20 }));
        await Ok(api.GetAsync("/api/v1/simulation/clock"));
        await Ok(api.GetAsync("/api/v1/simulation/modems/sim-1/submits?last=10"));
        await Ok(api.PostAsJsonAsync("/api/v1/simulation/clock", new { advance = "00:00:01" }));
        await Ok(api.PostAsync("/api/v1/modems/sim-2/pause", null));
        await Ok(api.PostAsync("/api/v1/modems/sim-2/resume", null));
        await Ok(api.PostAsync("/api/v1/modems/sim-2/reinitialize", null), HttpStatusCode.Accepted);

        // Webhooks: a test event delivered to a receiver, then sent again.
        var hook = (await Ok(api.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, events = new[] { "message.status" } }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await Ok(api.GetAsync("/api/v1/webhooks"));
        await Ok(api.GetAsync($"/api/v1/webhooks/{hook}"));
        await Ok(api.PutAsJsonAsync($"/api/v1/webhooks/{hook}", new { description = "coverage" }));
        await Ok(api.PostAsync($"/api/v1/webhooks/{hook}/rotate-secret", null));
        await Ok(api.PostAsync($"/api/v1/webhooks/{hook}/test", null), HttpStatusCode.Accepted);
        await receiver.NextAsync();
        var delivery = await UntilAsync(async () =>
        {
            var deliveries = (await (await api.GetAsync($"/api/v1/webhooks/{hook}/deliveries")).JsonAsync()).EnumerateArray();
            return deliveries.FirstOrDefault(d => d.GetProperty("state").GetString() == "delivered") is { ValueKind: System.Text.Json.JsonValueKind.Object } done ? (long?)done.GetProperty("id").GetInt64() : null;
        });
        await Ok(api.GetAsync($"/api/v1/webhooks/{hook}/deliveries"));
        await Ok(api.PostAsync($"/api/v1/webhooks/{hook}/deliveries/{delivery}/redeliver", null), HttpStatusCode.Accepted);

        // Erasure last, by each of its three routes.
        await Ok(api.DeleteAsync("/api/v1/contacts/by-external-id/cov-ext"), HttpStatusCode.NoContent);
        await Ok(api.PutAsJsonAsync("/api/v1/contacts/by-external-id/cov-old", new { phone = "+393471300015" }), HttpStatusCode.Created);
        await Ok(api.DeleteAsync("/api/v1/contacts/external/cov-old"), HttpStatusCode.NoContent);
        await Ok(api.DeleteAsync($"/api/v1/contacts/{ada}"), HttpStatusCode.NoContent);
        await Ok(api.DeleteAsync($"/api/v1/webhooks/{hook}"), HttpStatusCode.NoContent);

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        var operations = fixture.Contract.Operations.Select(o => o.Operation["operationId"]!.GetValue<string>()).ToList();
        // A fleet backs up its PostgreSQL with pg_dump: the download answers 409 there by design (checked above).
        var missing = operations.Where(o => !covered.ContainsKey(o) && !(TestEngine.IsPostgres && o == "Backup")).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {operations.Count} operations never answered a successful call that kept the document: " + string.Join(", ", missing));
    }

    /// <summary>The answer, which must be the expected success (the handler has checked it against the document).</summary>
    private static async Task<System.Text.Json.JsonElement> Ok(Task<HttpResponseMessage> call, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery}: {(int)response.StatusCode}, expected {(int)expected}: {body}");
        return response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true && body.Length > 0
            ? System.Text.Json.JsonDocument.Parse(body).RootElement.Clone()
            : default;
    }

    /// <summary>Polls the gateway's own state (background sending and webhook delivery run on their own loops).</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T?>> read)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await read() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The gateway never reached the state the tour needs.");
    }
}
