namespace ReEngage.Gateway.Tests;

/// <summary>
/// The queue goes out by priority, then age: an order confirmation (high) before a reminder (normal) before a
/// promotion (low), whatever order they were queued in — and with the queue deep enough that the claim's
/// batch holds only the first of them.
/// </summary>
public sealed class PriorityOrderTests
{
    [Fact]
    public async Task HighThenNormalThenLow_ThenOldestFirst()
    {
        await using var gateway = new GatewayFactory(new() { ["Gateway:Simulation:Modems"] = "1" });
        await gateway.WaitForModemsAsync();
        using var api = gateway.Api();
        (await api.PostAsync("/api/v1/modems/sim-1/pause", null)).EnsureSuccessStatusCode();

        var lows = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            lows.Add(await api.SendAsync(new { to = $"+3934716{i:D5}", text = $"Promo {i}", priority = "low" }));
        }

        var normal = await api.SendAsync(new { to = "+393471700001", text = "Reminder", priority = "normal" });
        var high = await api.SendAsync(new { to = "+393471700002", text = "Order confirmed", priority = "high" });
        (await api.PostAsync("/api/v1/modems/sim-1/resume", null)).EnsureSuccessStatusCode();

        var sentHigh = (await api.WaitForStatusAsync(high, "sent", "delivered")).GetProperty("sentAt").GetDateTimeOffset();
        var sentNormal = (await api.WaitForStatusAsync(normal, "sent", "delivered")).GetProperty("sentAt").GetDateTimeOffset();
        var sentLow = new List<DateTimeOffset>();
        foreach (var id in lows.Take(3))
        {
            sentLow.Add((await api.WaitForStatusAsync(id, "sent", "delivered")).GetProperty("sentAt").GetDateTimeOffset());
        }

        Assert.True(sentHigh < sentNormal, $"high {sentHigh:O} after normal {sentNormal:O}");
        Assert.True(sentNormal < sentLow[0], $"normal {sentNormal:O} after the first promotion {sentLow[0]:O}");
        Assert.True(sentLow[0] < sentLow[1] && sentLow[1] < sentLow[2], "promotions out of their order");
    }
}
