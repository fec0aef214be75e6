using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ReEngage.Gateway.Tests;

/// <summary>A contact's conversation: both directions in one order, paged, the reply SIM named; the inbound list links senders to contacts.</summary>
public sealed class ConversationTests : IDisposable
{
    private const string Phone = "+393471400001";
    private readonly GatewayFactory gateway = MarketingKit.Gateway();
    private readonly HttpClient api;

    public ConversationTests() => api = gateway.Api();

    public void Dispose()
    {
        api.Dispose();
        gateway.Dispose();
    }

    private async Task<JsonElement> ConversationAsync(long contact, string query = "") =>
        await (await api.GetAsync($"/api/v1/contacts/{contact}/conversation{query}")).OkJsonAsync();

    private static async Task<JsonElement> UntilAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> done)
    {
        var value = await read();
        for (var i = 0; i < 200 && !done(value); i++)
        {
            await Task.Delay(50);
            value = await read();
        }

        Assert.True(done(value), value.ToString());
        return value;
    }

    [Fact]
    public async Task BothDirections_InOneOrder_WithStates_ThePagesFollowEachOther_AndTheReplySimIsTheOneTheyWroteTo()
    {
        await gateway.WaitForModemsAsync();
        var contact = await api.ContactAsync("conv-1", Phone, "Elena");
        var first = await api.SendAsync(new { to = Phone, text = "Your order is ready" });
        await api.WaitForStatusAsync(first, "delivered");
        (await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = Phone, text = "Thanks, coming at 5", modem = "sim-2" })).EnsureSuccessStatusCode();
        var page = await UntilAsync(() => ConversationAsync(contact), p => p.GetProperty("items").GetArrayLength() == 2);
        var second = await api.SendAsync(new { to = Phone, text = "See you then", modem = page.GetProperty("replyModem").GetString() });

        page = await UntilAsync(() => ConversationAsync(contact), p => p.GetProperty("items").GetArrayLength() == 3);
        Assert.Equal("sim-2", page.GetProperty("replyModem").GetString());
        var items = page.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("direction").GetString(), i.GetProperty("text").GetString())).ToList();
        Assert.Equal([("out", "See you then"), ("in", "Thanks, coming at 5"), ("out", "Your order is ready")], items);
        Assert.Equal("delivered", page.GetProperty("items")[2].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("items")[1].GetProperty("status").ValueKind);
        Assert.Equal("sim-2", (await api.WaitForStatusAsync(second, "sent", "delivered")).GetProperty("modem").GetString());

        // Two at a time: the first page says where the next starts, the last says nothing is left.
        var newest = await ConversationAsync(contact, "?limit=2");
        Assert.Equal(2, newest.GetProperty("items").GetArrayLength());
        var before = newest.GetProperty("before").GetDateTimeOffset();
        var rest = await ConversationAsync(contact, $"?limit=2&before={Uri.EscapeDataString(before.ToString("O"))}");
        Assert.Equal(["Your order is ready"], rest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()));
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("before").ValueKind);
    }

    [Fact]
    public async Task AnUnknownContact_IsA404_AndABadLimitA400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/contacts/999999/conversation")).StatusCode);
        var contact = await api.ContactAsync("conv-2", "+393471400002", "Franco");
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync($"/api/v1/contacts/{contact}/conversation?limit=0")).StatusCode);
        Assert.Equal(0, (await ConversationAsync(contact)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task TheInboundList_PagesNewestFirst_AndLinksASenderToTheirContact()
    {
        await gateway.WaitForModemsAsync();
        var contact = await api.ContactAsync("conv-3", "+393471400003", "Gino");
        foreach (var (from, text) in new[] { ("+393471400003", "one"), ("+393479999998", "two"), ("+393471400003", "three") })
        {
            (await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from, text })).EnsureSuccessStatusCode();
            await UntilAsync(async () => await (await api.GetAsync("/api/v1/inbound?newest=true&limit=1")).OkJsonAsync(), l => l.GetArrayLength() == 1 && l[0].GetProperty("text").GetString() == text);
        }

        var newest = await (await api.GetAsync("/api/v1/inbound?newest=true&limit=2")).OkJsonAsync();
        Assert.Equal(["three", "two"], newest.EnumerateArray().Select(i => i.GetProperty("text").GetString()));
        Assert.Equal(contact, newest[0].GetProperty("contactId").GetInt64());
        Assert.Equal(JsonValueKind.Null, newest[1].GetProperty("contactId").ValueKind);
        var older = await (await api.GetAsync($"/api/v1/inbound?before={newest[1].GetProperty("id").GetInt64()}&limit=2")).OkJsonAsync();
        Assert.Equal(["one"], older.EnumerateArray().Select(i => i.GetProperty("text").GetString()));

        // Integrators' polling is unchanged: oldest first after a cursor.
        var polled = await (await api.GetAsync("/api/v1/inbound?after=0")).OkJsonAsync();
        Assert.Equal(["one", "two", "three"], polled.EnumerateArray().Select(i => i.GetProperty("text").GetString()));
    }
}
