using System.Net;
using System.Net.Http.Json;

namespace ReEngage.Gateway.Tests;

public sealed class AdminApiTests : IDisposable
{
    private readonly GatewayFactory gateway = new();
    private readonly HttpClient api;

    public AdminApiTests() => api = gateway.Api();

    public void Dispose()
    {
        api.Dispose();
        gateway.Dispose();
    }

    [Fact]
    public async Task RecentMessages_FilterByModemAndDate_NewestFirst()
    {
        await gateway.WaitForModemsAsync();
        var one = await api.SendAsync(new { to = "+393470000001", text = "one", modem = "sim-1" });
        var two = await api.SendAsync(new { to = "+393470000002", text = "two", modem = "sim-2" });
        await api.WaitForStatusAsync(one, "delivered", "sent");
        await api.WaitForStatusAsync(two, "delivered", "sent");
        var today = gateway.Now().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var all = await (await api.GetAsync($"/api/v1/messages/recent?from={today}&until={today}")).OkJsonAsync();
        Assert.Equal([two, one], all.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetInt64()));
        var sim2 = await (await api.GetAsync("/api/v1/messages/recent?modem=sim-2")).OkJsonAsync();
        Assert.Equal([two], sim2.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetInt64()));
        var tomorrow = await (await api.GetAsync($"/api/v1/messages/recent?from={gateway.Now().AddDays(1):yyyy-MM-dd}")).OkJsonAsync();
        Assert.Empty(tomorrow.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/messages/recent?from=yesterday")).StatusCode);
        var wrongType = await api.GetAsync("/api/v1/messages?after=abc");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal("application/problem+json", wrongType.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ApiKeys_AreShownOnce_WorkAtOnce_AndStopWorkingWhenRevoked()
    {
        var created = await (await api.PostAsJsonAsync("/api/v1/keys", new { name = "webshop" })).OkJsonAsync(HttpStatusCode.Created);
        var key = created.GetProperty("key").GetString()!;
        using var shop = gateway.CreateClient();
        shop.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync("/api/v1/modems")).StatusCode);

        var list = await (await api.GetAsync("/api/v1/keys")).OkJsonAsync();
        Assert.DoesNotContain(key, list.ToString());
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/keys/{created.GetProperty("id").GetInt32()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await shop.GetAsync("/api/v1/modems")).StatusCode);
    }

    [Fact]
    public async Task SmsCount_SaysWhatForcesUcs2()
    {
        var count = await (await api.GetAsync("/api/v1/sms/count?text=" + Uri.EscapeDataString("Prezzo: 10€ — offerta"))).OkJsonAsync();
        Assert.Equal("ucs2", count.GetProperty("encoding").GetString());
        Assert.Equal(["—"], count.GetProperty("nonGsmCharacters").EnumerateArray().Select(c => c.GetString()));
        var gsm = await (await api.GetAsync("/api/v1/sms/count?text=" + Uri.EscapeDataString("Prezzo: 10€"))).OkJsonAsync();
        Assert.Equal("gsm7", gsm.GetProperty("encoding").GetString());
    }
}
