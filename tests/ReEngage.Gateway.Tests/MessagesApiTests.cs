using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace ReEngage.Gateway.Tests;

public class MessagesApiTests : IAsyncLifetime
{
    private readonly GatewayFactory factory;

    public MessagesApiTests()
        : this(onPostgres: false)
    {
    }

    protected MessagesApiTests(bool onPostgres) => factory = new GatewayFactory(onPostgres: onPostgres);
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        await factory.WaitForModemsAsync();
        client = factory.Api();
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Single_IsAccepted_Sent_AndDeliveredByTheStatusReport()
    {
        var response = await client.PostAsJsonAsync("/api/v1/messages", new { to = "+393471234567", text = "Ciao Anna! 20% di sconto oggi" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.JsonAsync();
        Assert.Equal("queued", accepted.GetProperty("status").GetString());
        Assert.Equal(1, accepted.GetProperty("parts").GetInt32());
        Assert.Equal("gsm7", accepted.GetProperty("encoding").GetString());
        Assert.EndsWith($"/api/v1/messages/{accepted.GetProperty("id").GetInt64()}", response.Headers.Location!.ToString(), StringComparison.Ordinal);

        var message = await client.WaitForStatusAsync(accepted.GetProperty("id").GetInt64(), "delivered");
        Assert.Equal(1, message.GetProperty("partsDelivered").GetInt32());
        Assert.StartsWith("sim-", message.GetProperty("modem").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKindNull, message.GetProperty("error").ValueKind);
        Assert.NotEqual(JsonValueKindNull, message.GetProperty("deliveredAt").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task Concatenated_ThreeParts_AllDelivered()
    {
        var text = string.Concat(Enumerable.Repeat("Bentornata! Ecco il tuo coupon [BACK20] valido una settimana. ", 7))[..420];
        var id = await client.SendAsync(new { to = "+393471234567", text });
        var message = await client.WaitForStatusAsync(id, "delivered");
        Assert.Equal(3, message.GetProperty("parts").GetInt32());
        Assert.Equal(3, message.GetProperty("partsSent").GetInt32());
        Assert.Equal(3, message.GetProperty("partsDelivered").GetInt32());
    }

    [Fact]
    public async Task NationalNumber_IsNormalisedWithTheDefaultRegion()
    {
        var id = await client.SendAsync(new { to = "347 123 4567", text = "x" });
        var message = await (await client.GetAsync($"/api/v1/messages/{id}")).JsonAsync();
        Assert.Equal("+393471234567", message.GetProperty("to").GetString());
    }

    [Fact]
    public async Task Bulk_StoresTheValidOnes_AndSaysWhyEachOtherWasRejected()
    {
        var messages = Enumerable.Range(0, 50).Select(i => (object?)new { to = $"+39347{1000000 + i}", text = $"Offerta {i}" }).ToList();
        messages[3] = new { to = "not a number", text = "x" };
        messages[7] = new { to = "+393471234567", text = "" };
        messages[9] = null;
        var response = await client.PostAsJsonAsync("/api/v1/messages/bulk", new { messages });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(47, body.GetProperty("accepted").GetArrayLength());
        var rejected = body.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([3, 7, 9], rejected.Select(r => r.GetProperty("index").GetInt32()));
        Assert.True(rejected[0].GetProperty("errors").TryGetProperty("to", out _));
        Assert.True(rejected[1].GetProperty("errors").TryGetProperty("text", out _));

        foreach (var accepted in body.GetProperty("accepted").EnumerateArray().Take(5))
        {
            await client.WaitForStatusAsync(accepted.GetProperty("id").GetInt64(), "delivered");
        }
    }

    [Fact]
    public async Task RepeatedIdempotencyKey_ReturnsTheFirstMessage()
    {
        var body = new { to = "+393471234567", text = "once", idempotencyKey = "order-1234" };
        var first = await (await client.PostAsJsonAsync("/api/v1/messages", body)).JsonAsync();
        var again = await client.PostAsJsonAsync("/api/v1/messages", body);
        Assert.Equal(first.GetProperty("id").GetInt64(), (await again.JsonAsync()).GetProperty("id").GetInt64());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        var list = await (await client.GetAsync("/api/v1/messages?to=%2B393471234567")).JsonAsync();
        Assert.Single(list.GetProperty("items").EnumerateArray(), m => m.GetProperty("text").GetString() == "once");
    }

    [Fact]
    public async Task ConcurrentRequestsWithOneIdempotencyKey_StoreOneMessage_AndAllGetItsId()
    {
        var body = new { to = "+393471230000", text = "exactly once", idempotencyKey = "race-42" };
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsJsonAsync("/api/v1/messages", body)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync()).GetProperty("id").GetInt64()));
        Assert.Single(ids.Distinct());
        var list = await (await client.GetAsync("/api/v1/messages?to=%2B393471230000")).JsonAsync();
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task List_IsKeysetPaged()
    {
        for (var i = 0; i < 5; i++)
        {
            await client.SendAsync(new { to = "+393470000001", text = $"page {i}" });
        }

        var first = await (await client.GetAsync("/api/v1/messages?limit=2")).JsonAsync();
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var next = first.GetProperty("next").GetInt64();
        var second = await (await client.GetAsync($"/api/v1/messages?limit=2&after={next}")).JsonAsync();
        Assert.True(second.GetProperty("items")[0].GetProperty("id").GetInt64() > next);
    }

    [Fact]
    public async Task ScheduledMessage_WaitsForItsTime_ThenTheSimulatedClockReleasesIt()
    {
        var id = await client.SendAsync(new { to = "+393471234567", text = "tomorrow", sendAt = DateTimeOffset.UtcNow.AddDays(1) });
        await Task.Delay(300);
        Assert.Equal("scheduled", (await (await client.GetAsync($"/api/v1/messages/{id}")).JsonAsync()).GetProperty("status").GetString());
        var clock = await client.PostAsJsonAsync("/api/v1/simulation/clock", new { advance = "1.01:00:00" });
        Assert.Equal(HttpStatusCode.OK, clock.StatusCode);
        await client.WaitForStatusAsync(id, "delivered");
    }

    [Fact]
    public async Task ValidUntil_PassedWhileWaiting_Expires()
    {
        var now = DateTimeOffset.UtcNow;
        var id = await client.SendAsync(new { to = "+393471234567", text = "flash sale", sendAt = now.AddHours(2), validUntil = now.AddHours(3) });
        await client.PostAsJsonAsync("/api/v1/simulation/clock", new { advance = "04:00:00" });
        var message = await client.WaitForStatusAsync(id, "expired", "delivered");
        Assert.Equal("expired", message.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_WorksBeforeSending_AndSays409Afterwards()
    {
        var scheduled = await client.SendAsync(new { to = "+393471234567", text = "later", sendAt = DateTimeOffset.UtcNow.AddDays(3) });
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/messages/{scheduled}")).StatusCode);
        Assert.Equal("cancelled", (await (await client.GetAsync($"/api/v1/messages/{scheduled}")).JsonAsync()).GetProperty("status").GetString());

        var sent = await client.SendAsync(new { to = "+393471234567", text = "now" });
        await client.WaitForStatusAsync(sent, "delivered");
        var late = await client.DeleteAsync($"/api/v1/messages/{sent}");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/v1/messages/999999")).StatusCode);
    }

    [Fact]
    public async Task Inbound_IsStoredAndListed()
    {
        var inject = await client.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = "+393479999999", text = "Sì, ci sarò! 🙂" });
        Assert.Equal(HttpStatusCode.Accepted, inject.StatusCode);
        for (var i = 0; i < 100; i++)
        {
            var items = await (await client.GetAsync("/api/v1/inbound")).JsonAsync();
            if (items.GetArrayLength() > 0)
            {
                Assert.Equal("+393479999999", items[0].GetProperty("from").GetString());
                Assert.Equal("Sì, ci sarò! 🙂", items[0].GetProperty("text").GetString());
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the inbound SMS never appeared");
    }

    [Fact]
    public async Task Modems_ReportStateSignalIdentityAndLimits()
    {
        var modems = await (await client.GetAsync("/api/v1/modems")).JsonAsync();
        Assert.Equal(2, modems.GetArrayLength());
        var first = modems[0];
        Assert.Equal("sim-1", first.GetProperty("name").GetString());
        Assert.Equal("online", first.GetProperty("state").GetString());
        Assert.Equal(-73, first.GetProperty("signalDbm").GetInt32());
        Assert.Equal(4, first.GetProperty("signalBars").GetInt32());
        Assert.Equal("home", first.GetProperty("registration").GetString());
        Assert.Equal(15, first.GetProperty("imei").GetString()!.Length);
        Assert.Equal(5000, first.GetProperty("dailyLimit").GetInt32());
    }

    [Fact]
    public async Task Health_Metrics_AndOpenApi_AreServed()
    {
        var anonymous = factory.CreateClient();
        var health = await (await anonymous.GetAsync("/healthz")).JsonAsync();
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        await client.WaitForStatusAsync(await client.SendAsync(new { to = "+393471234567", text = "metrics" }), "delivered");
        var metrics = await anonymous.GetStringAsync("/metrics");
        Assert.Matches("reengage_parts_sent_total\\{modem=\"sim-[12]\"\\} [1-9]", metrics);
        Assert.Contains("reengage_send_latency_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Matches("reengage_dispatch_claims_total\\{modem=\"sim-[12]\",result=\"won\"\\} [1-9]", metrics);
        Assert.Contains("reengage_messages{state=\"delivered\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("reengage_modem_online{modem=\"sim-1\"} 1", metrics, StringComparison.Ordinal);
        var openApi = await anonymous.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/messages/bulk", openApi, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/scalar")).StatusCode);
    }

    [Fact]
    public async Task LegacySend_IsOffByDefault()
    {
        var response = await factory.CreateClient().GetAsync($"/api/v1/send?to=%2B393471234567&text=hi&key={GatewayFactory.Key}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task UnicodeText_WithEmoji_GoesOutAsUcs2()
    {
        var response = await client.PostAsync("/api/v1/messages", new StringContent("{\"to\":\"+393471234567\",\"text\":\"Ciao \\ud83d\\ude00\"}", Encoding.UTF8, "application/json"));
        Assert.Equal("ucs2", (await response.JsonAsync()).GetProperty("encoding").GetString());
    }
}

/// <summary>The same API tests on a fleet's PostgreSQL.</summary>
public sealed class MessagesApiOnPostgresTests() : MessagesApiTests(onPostgres: true);

public sealed class BulkInsertTests
{
    [Fact]
    public async Task BulkInsert_RoundTripsThroughEf()
    {
        await using var factory = new GatewayFactory();
        await factory.WaitForModemsAsync();
        var client = factory.Api();
        var sendAt = DateTimeOffset.UtcNow.AddDays(1);
        var validUntil = sendAt.AddHours(1);
        var response = await client.PostAsJsonAsync("/api/v1/messages/bulk", new
        {
            messages = new object[]
            {
                new { to = "+393471234567", text = new string('x', 200), priority = "low", idempotencyKey = "bulk-1", sendAt, validUntil, statusReport = false, modem = "sim-2" },
            },
        });
        var id = (await response.JsonAsync()).GetProperty("accepted")[0].GetProperty("id").GetInt64();
        var message = await (await client.GetAsync($"/api/v1/messages/{id}")).JsonAsync();
        Assert.Equal("+393471234567", message.GetProperty("to").GetString());
        Assert.Equal(new string('x', 200), message.GetProperty("text").GetString());
        Assert.Equal("scheduled", message.GetProperty("status").GetString());
        Assert.Equal("low", message.GetProperty("priority").GetString());
        Assert.Equal("gsm7", message.GetProperty("encoding").GetString());
        Assert.Equal(2, message.GetProperty("parts").GetInt32());
        Assert.Equal(sendAt.UtcTicks / TimeSpan.TicksPerMillisecond, message.GetProperty("sendAt").GetDateTimeOffset().UtcTicks / TimeSpan.TicksPerMillisecond);
        Assert.Equal(validUntil.UtcTicks / TimeSpan.TicksPerMillisecond, message.GetProperty("validUntil").GetDateTimeOffset().UtcTicks / TimeSpan.TicksPerMillisecond);

        // The same key again is refused as a repeat; released by the clock, the message goes out on its modem.
        var again = await (await client.PostAsJsonAsync("/api/v1/messages/bulk", new { messages = new[] { new { to = "+393471234567", text = "dup", idempotencyKey = "bulk-1" } } })).JsonAsync();
        Assert.Equal(0, again.GetProperty("accepted").GetArrayLength());
        await client.PostAsJsonAsync("/api/v1/simulation/clock", new { advance = "1.00:10:00" });
        var sent = await client.WaitForStatusAsync(id, "sent");
        Assert.Equal("sim-2", sent.GetProperty("modem").GetString());
        Assert.Equal(2, sent.GetProperty("partsSent").GetInt32());
    }
}
