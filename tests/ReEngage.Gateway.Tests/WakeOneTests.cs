using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// A new message wakes one idle modem, not every one: with four idle modems, waking them all made four workers
/// query for each message and three of them come back empty-handed. Counted by the workers' own metric
/// (<c>reengage_dispatch_claims_total</c>), with the idle poll set to a minute so that only wakes make looks.
/// </summary>
public sealed class WakeOneTests
{
    [Fact]
    public async Task EachNewMessage_WakesOneIdleModem()
    {
        await using var gateway = new GatewayFactory(
            new() { ["Gateway:Simulation:Modems"] = "4" },
            services: s => s.Configure<DispatcherOptions>(o => o.IdlePoll = TimeSpan.FromMinutes(1)));
        await gateway.WaitForModemsAsync();
        using var api = gateway.Api();
        await api.WaitForStatusAsync(await api.SendAsync(new { to = "+393471700000", text = "Warm-up" }), "sent", "delivered");
        var before = await LooksAsync(api);

        const int Messages = 12;
        for (var i = 1; i <= Messages; i++)
        {
            await api.WaitForStatusAsync(await api.SendAsync(new { to = $"+3934717000{i:D2}", text = "One modem is enough" }), "sent", "delivered");
        }

        var after = await LooksAsync(api);
        Assert.Equal(Messages, after.Won - before.Won);

        // Each message: the woken worker's look (won), and its look for more once the message is sent (empty).
        // Waking all four would add three empty looks per message: 48 in all.
        var empty = after.Empty - before.Empty;
        Assert.True(empty <= 2 * Messages, $"{empty} looks found nothing for {Messages} messages: idle modems are woken for work they do not get");
    }

    private static async Task<(double Won, double Empty)> LooksAsync(HttpClient api)
    {
        var scrape = await MetricsScrape.ReadAsync(api);
        var won = scrape.Sum("reengage_dispatch_claims_total", "result=\"won\"");
        return (won, scrape.Sum("reengage_dispatch_claims_total") - won);
    }
}
