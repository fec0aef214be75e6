using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ReEngage.Gateway.Tests;

/// <summary>Every bad request gets a 4xx with RFC 7807 problem details — never a 500 — and stores nothing.</summary>
public sealed class MalformedRequestTests : IClassFixture<MalformedRequestTests.Fixture>
{
    private readonly Fixture fixture;

    public MalformedRequestTests(Fixture fixture) => this.fixture = fixture;

    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayFactory Factory { get; } = new(new() { ["Gateway:Api:MaxRequestBytes"] = "100000" });

        public Task InitializeAsync() => Factory.WaitForModemsAsync();

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    public static readonly TheoryData<string, string, string, int, string> Cases = new()
    {
        { "bad JSON", "/api/v1/messages", "{\"to\": \"+393471234567\", \"text\": ", 400, "text" },
        { "not JSON at all", "/api/v1/messages", "to=+39&text=hi", 400, "body" },
        { "wrong type for to", "/api/v1/messages", "{\"to\": 393471234567, \"text\": \"hi\"}", 400, "to" },
        { "wrong type for maxParts", "/api/v1/messages", "{\"to\": \"+393471234567\", \"text\": \"hi\", \"maxParts\": \"three\"}", 400, "maxParts" },
        { "bad date", "/api/v1/messages", "{\"to\": \"+393471234567\", \"text\": \"hi\", \"sendAt\": \"tomorrow\"}", 400, "sendAt" },
        { "missing number", "/api/v1/messages", "{\"text\": \"hi\"}", 400, "to" },
        { "letters for a number", "/api/v1/messages", "{\"to\": \"call me\", \"text\": \"hi\"}", 400, "to" },
        { "too short a number", "/api/v1/messages", "{\"to\": \"+3934\", \"text\": \"hi\"}", 400, "to" },
        { "empty text", "/api/v1/messages", "{\"to\": \"+393471234567\", \"text\": \"\"}", 400, "text" },
        { "lone surrogate", "/api/v1/messages", "{\"to\": \"+393471234567\", \"text\": \"bad \\ud83d here\"}", 400, "text" },
        { "text over the part limit", "/api/v1/messages", "{\"to\": \"+393471234567\", \"text\": \"" + new string('a', 460) + "\"}", 400, "text" },
        { "maxParts over the configured limit", "/api/v1/messages", "{\"to\": \"+393471234567\", \"text\": \"hi\", \"maxParts\": 9}", 400, "maxParts" },
        { "unknown modem", "/api/v1/messages", "{\"to\": \"+393471234567\", \"text\": \"hi\", \"modem\": \"nokia\"}", 400, "modem" },
        { "unknown priority", "/api/v1/messages", "{\"to\": \"+393471234567\", \"text\": \"hi\", \"priority\": \"urgent\"}", 400, "priority" },
        { "validUntil in the past", "/api/v1/messages", "{\"to\": \"+393471234567\", \"text\": \"hi\", \"validUntil\": \"2020-01-01T00:00:00Z\"}", 400, "validUntil" },
        { "null body", "/api/v1/messages", "null", 400, "" },
        { "bulk without messages", "/api/v1/messages/bulk", "{}", 400, "messages" },
        { "bulk of the wrong shape", "/api/v1/messages/bulk", "{\"messages\": \"all\"}", 400, "messages" },
        { "webhook with a bad URL", "/api/v1/webhooks", "{\"url\": \"ftp://x\", \"events\": [\"message.status\"]}", 400, "url" },
        { "webhook with an unknown event", "/api/v1/webhooks", "{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"everything\"]}", 400, "events" },
        { "clock that goes backwards", "/api/v1/simulation/clock", "{\"advance\": \"-1.00:00:00\"}", 400, "advance" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequest_IsAnsweredWithProblemDetails(string why, string path, string body, int status, string field)
    {
        var response = await fixture.Factory.Api().PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var json = await response.JsonAsync();
        Assert.True((int)response.StatusCode == status, $"{why}: {(int)response.StatusCode} {json}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        if (field.Length > 0)
        {
            Assert.True(json.GetProperty("errors").TryGetProperty(field, out var messages), $"{why}: no error for '{field}' in {json}");
            Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        }
    }

    [Fact]
    public async Task WrongContentType_Is415()
    {
        var response = await fixture.Factory.Api().PostAsync("/api/v1/messages", new StringContent("{}", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task HugeBody_Is413()
    {
        var body = "{\"messages\": [" + string.Join(',', Enumerable.Repeat("{\"to\":\"+393471234567\",\"text\":\"" + new string('x', 100) + "\"}", 2000)) + "]}";
        var response = await fixture.Factory.Api().PostAsync("/api/v1/messages/bulk", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task NothingIsStored_ByRejectedRequests()
    {
        await fixture.Factory.Api().PostAsync("/api/v1/messages", new StringContent("{\"to\": \"+3934\", \"text\": \"nope\"}", Encoding.UTF8, "application/json"));
        var list = await (await fixture.Factory.Api().GetAsync("/api/v1/messages?to=%2B3934")).JsonAsync();
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task MissingOrWrongKey_Is401WithProblemDetails(string? authorization)
    {
        var client = fixture.Factory.CreateClient();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        var response = await client.GetAsync("/api/v1/messages");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task XApiKeyHeader_Works()
    {
        var client = fixture.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", GatewayFactory.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/modems")).StatusCode);
    }

    [Fact]
    public async Task UnknownMessage_Is404ProblemDetails()
    {
        var response = await fixture.Factory.Api().GetAsync("/api/v1/messages/424242");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, (await response.JsonAsync()).GetProperty("status").GetInt32());
    }
}
