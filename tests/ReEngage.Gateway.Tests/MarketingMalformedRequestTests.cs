using System.Text;

namespace ReEngage.Gateway.Tests;

/// <summary>The marketing and admin endpoints answer bad input with problem details, never a 500, and store nothing.</summary>
public sealed class MarketingMalformedRequestTests : IClassFixture<MarketingMalformedRequestTests.Fixture>
{
    private readonly Fixture fixture;

    public MarketingMalformedRequestTests(Fixture fixture) => this.fixture = fixture;

    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayFactory Factory { get; } = MarketingKit.Gateway();

        public async Task InitializeAsync()
        {
            using var api = Factory.Api();
            await api.ContactAsync("x", "+393471230000", "X");
            await api.SegmentAsync(new { kind = "status", value = "active" }); // segment 1
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    public static readonly TheoryData<string, string, string, string, int> Cases = new()
    {
        { "contact: wrong types", "PUT", "/api/v1/contacts/a1", "{\"phone\": 39347, \"tags\": \"vip\"}", 400 },
        { "contact: null tags inside", "POST", "/api/v1/contacts", "{\"phone\": \"+393471230001\", \"tags\": [null, \"\"], \"attributes\": {\"a\": null}}", 201 },
        { "contact: external id too long", "PUT", "/api/v1/contacts/" + new string('x', 150), "{\"phone\": \"+393471230002\"}", 400 },
        { "event: no contact", "POST", "/api/v1/events", "{\"type\": \"purchase\"}", 400 },
        { "event: numeric type", "POST", "/api/v1/events", "{\"contact\": {\"externalId\": \"x\"}, \"type\": \"3\"}", 400 },
        { "event: not finite", "POST", "/api/v1/events", "{\"contact\": {\"externalId\": \"x\"}, \"type\": \"purchase\", \"value\": \"NaN\"}", 400 },
        { "events: too many", "POST", "/api/v1/events/bulk", "{\"events\": []}", 400 },
        { "segment: rule is a string", "POST", "/api/v1/segments", "{\"name\": \"s\", \"rule\": \"no purchase\"}", 400 },
        { "segment: rules of the wrong type", "POST", "/api/v1/segments", "{\"name\": \"s\", \"rule\": {\"kind\": \"all\", \"rules\": 5}}", 400 },
        { "segment: nested nulls", "POST", "/api/v1/segments", "{\"name\": \"s\", \"rule\": {\"kind\": \"any\", \"rules\": [null]}}", 400 },
        { "segment: too deep", "POST", "/api/v1/segments/preview", "{\"rule\": " + string.Concat(Enumerable.Repeat("{\"kind\":\"all\",\"rules\":[", 12)) + "{\"kind\":\"tag\",\"value\":\"a\"}" + string.Concat(Enumerable.Repeat("]}", 12)) + "}", 400 },
        { "automation: null step", "POST", "/api/v1/automations", "{\"name\": \"a\", \"segmentId\": 1, \"steps\": [null]}", 400 },
        { "automation: steps not an array", "POST", "/api/v1/automations", "{\"name\": \"a\", \"segmentId\": 1, \"steps\": \"three\"}", 400 },
        { "automation: no time", "POST", "/api/v1/automations", "{\"name\": \"a\", \"segmentId\": 1, \"timeLimitDays\": 0, \"steps\": [{\"name\": \"s\", \"template\": \"Hi\"}]}", 400 },
        { "automation: unknown segment", "POST", "/api/v1/automations", "{\"name\": \"a\", \"segmentId\": 999}", 400 },
        { "automation: unknown status", "POST", "/api/v1/automations", "{\"name\": \"a\", \"segmentId\": 1, \"engagedStatus\": \"happy\"}", 400 },
        { "automation: bad coupon pattern", "POST", "/api/v1/automations", "{\"name\": \"a\", \"segmentId\": 1, \"steps\": [{\"name\": \"s\", \"template\": \"{{coupon}}\", \"coupon\": {\"pattern\": \"AB\"}}]}", 400 },
        { "campaign: null message", "POST", "/api/v1/campaigns", "{\"name\": \"c\", \"segmentId\": 1, \"message\": null}", 400 },
        { "campaign: schedule unknown", "POST", "/api/v1/campaigns/999/schedule", "{}", 404 },
        { "campaign: bad sendAt", "POST", "/api/v1/campaigns", "{\"name\": \"c\", \"segmentId\": 1, \"message\": {\"template\": \"Hi\"}, \"sendAt\": \"soon\"}", 400 },
        { "coupon pool: nulls", "POST", "/api/v1/coupons/pools/p1", "{\"codes\": [null]}", 400 },
        { "template check: not an object", "POST", "/api/v1/templates/check", "[1,2]", 400 },
        { "landing preview: wrong type", "POST", "/api/v1/templates/landing-preview", "{\"headline\": 5}", 400 },
        { "settings: null keywords", "PUT", "/api/v1/settings", "{\"keywords\": {\"optOut\": [null, \"STOP\"], \"optIn\": null, \"help\": null}}", 204 },
        { "settings: bad time", "PUT", "/api/v1/settings", "{\"quietHours\": {\"start\": \"25:99\", \"end\": \"08:00\"}}", 400 },
        { "user: bad role", "POST", "/api/v1/users", "{\"userName\": \"u\", \"password\": \"long enough pw\", \"role\": \"god\"}", 400 },
        { "key: no name", "POST", "/api/v1/keys", "{}", 400 },
        { "modem at: two lines", "POST", "/api/v1/modems/sim-1/at", "{\"command\": \"AT\\r\\nAT+CFUN=0\"}", 400 },
        { "modem ussd: letters", "POST", "/api/v1/modems/sim-1/ussd", "{\"code\": \"balance\"}", 400 },
        { "simulated signal: out of range", "POST", "/api/v1/simulation/modems/sim-1/signal", "{\"rssi\": 40}", 400 },
        { "event: unknown currency", "POST", "/api/v1/events", "{\"contact\": {\"externalId\": \"x\"}, \"type\": \"purchase\", \"value\": 5, \"currency\": \"EURO\"}", 400 },
        { "campaign: holdout over half", "POST", "/api/v1/campaigns", "{\"name\": \"c\", \"segmentId\": 1, \"holdoutPercent\": 80, \"message\": {\"template\": \"Hi\"}}", 400 },
        { "campaign: five variants", "POST", "/api/v1/campaigns", "{\"name\": \"c\", \"segmentId\": 1, \"message\": {\"template\": \"Hi\", \"variants\": [\"a\", \"b\", \"c\", \"d\"]}}", 400 },
        { "automation: variants not strings", "POST", "/api/v1/automations", "{\"name\": \"a\", \"segmentId\": 1, \"steps\": [{\"name\": \"s\", \"template\": \"Hi\", \"variants\": [1]}]}", 400 },
        { "automation: attribution basis unknown", "POST", "/api/v1/automations", "{\"name\": \"a\", \"segmentId\": 1, \"attributeTo\": \"open\"}", 400 },
        { "report: from is not a date", "GET", "/api/v1/campaigns/1/report?from=yesterday", "", 400 },
        { "report: to before from", "GET", "/api/v1/automations/1/report?from=2026-12-10&to=2026-12-01", "", 400 },
        { "contacts: misspelt filter", "GET", "/api/v1/contacts?stauts=sleeping", "", 400 },
        { "segment: overdue factor below 1", "POST", "/api/v1/segments/preview", "{\"rule\": {\"kind\": \"overdue\", \"factor\": 0.5}}", 400 },
        { "draw: unknown automation", "POST", "/api/v1/automations/999/steps/0/draw", "{\"winners\": 1}", 404 },
        { "hourly: too many hours", "GET", "/api/v1/stats/hourly?hours=100000", "", 400 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_GetsAClearAnswer_NeverA500(string why, string method, string path, string body, int status)
    {
        using var api = fixture.Factory.Api();
        var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == status, $"{why}: {(int)response.StatusCode} {text}");
        if (status >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task ACsvWithAHugeField_OrBinaryGarbage_IsRefusedNotCrashed()
    {
        using var api = fixture.Factory.Api();
        var before = (await (await api.GetAsync("/api/v1/contacts")).OkJsonAsync()).GetProperty("items").GetArrayLength();
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        var response = await api.PostAsync("/api/v1/contacts/import?consentSource=x", new ByteArrayContent(garbage) { Headers = { ContentType = new("text/csv") } });
        Assert.Equal(422, (int)response.StatusCode);

        var contacts = await (await api.GetAsync("/api/v1/contacts")).OkJsonAsync();
        Assert.Equal(before, contacts.GetProperty("items").GetArrayLength());
    }
}
