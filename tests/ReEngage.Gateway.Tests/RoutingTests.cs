using System.Net.Http.Json;

namespace ReEngage.Gateway.Tests;

public sealed class RoutingTests
{
    [Fact]
    public async Task QuietHours_HoldMarketing_ButNotTransactionalMessages()
    {
        // A quiet window from an hour ago to an hour ahead, Rome time (it may span midnight).
        var rome = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome"));
        await using var factory = new GatewayFactory(new()
        {
            ["Gateway:QuietHours:Start"] = rome.AddHours(-1).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:QuietHours:End"] = rome.AddHours(1).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:QuietHours:TimeZone"] = "Europe/Rome",
        });
        await factory.WaitForModemsAsync();
        var client = factory.Api();
        var marketing = await client.SendAsync(new { to = "+393471234567", text = "promo", priority = "low" });
        var transactional = await client.SendAsync(new { to = "+393471234567", text = "your code is 1234", priority = "high" });
        await client.WaitForStatusAsync(transactional, "delivered");
        await Task.Delay(300);
        Assert.Equal("queued", (await (await client.GetAsync($"/api/v1/messages/{marketing}")).JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Contact_SticksToTheModemItLastTalkedTo()
    {
        await using var factory = new GatewayFactory();
        await factory.WaitForModemsAsync();
        var client = factory.Api();
        await client.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = "+393475556666", text = "ciao", modem = "sim-2" });
        for (var i = 0; i < 100 && (await (await client.GetAsync("/api/v1/inbound")).JsonAsync()).GetArrayLength() == 0; i++)
        {
            await Task.Delay(50);
        }

        for (var i = 0; i < 4; i++)
        {
            var id = await client.SendAsync(new { to = "+393475556666", text = $"reply {i}" });
            Assert.Equal("sim-2", (await client.WaitForStatusAsync(id, "delivered")).GetProperty("modem").GetString());
        }
    }

    [Fact]
    public async Task Bulk_ReportsAnEta()
    {
        await using var factory = new GatewayFactory(new() { ["Gateway:Simulation:PerMinute"] = "60" });
        await factory.WaitForModemsAsync();
        var response = await factory.Api().PostAsJsonAsync("/api/v1/messages/bulk", new { messages = Enumerable.Range(0, 120).Select(i => new { to = $"+39347{2000000 + i}", text = "eta" }) });
        var eta = (await response.JsonAsync()).GetProperty("eta").GetDateTimeOffset();
        // 120 parts over two modems at 60 per minute each: about a minute.
        Assert.InRange((eta - DateTimeOffset.UtcNow).TotalSeconds, 40, 75);
    }

    [Fact]
    public async Task Bulk_BackToBack_EachEtaCountsTheRequestsBefore()
    {
        // The queue is counted at most once a second; a request within that second adds its own parts to the count.
        // Counted afresh or not, the second request's estimate is the first's plus its own 120 parts (~60 s).
        await using var factory = new GatewayFactory(new() { ["Gateway:Simulation:PerMinute"] = "60" });
        await factory.WaitForModemsAsync();
        using var api = factory.Api();
        async Task<DateTimeOffset> BulkAsync(int first) =>
            (await (await api.PostAsJsonAsync("/api/v1/messages/bulk", new { messages = Enumerable.Range(first, 120).Select(i => new { to = $"+39347{2100000 + i}", text = "eta" }) })).JsonAsync())
                .GetProperty("eta").GetDateTimeOffset();

        var one = await BulkAsync(0);
        var two = await BulkAsync(120);
        Assert.InRange((two - one).TotalSeconds, 50, 70);

        factory.Clock().Advance(TimeSpan.FromSeconds(2)); // the next request counts the queue again
        var three = await BulkAsync(240);
        Assert.InRange((three - two).TotalSeconds, 45, 70);
    }
}
