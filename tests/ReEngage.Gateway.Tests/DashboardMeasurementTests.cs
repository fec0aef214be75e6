using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Tests;

/// <summary>The results views: holdout comparison and chart, messages per hour per modem, a contact's rhythm.</summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardMeasurementTests(DashboardFixture fixture)
{
    [Fact]
    public async Task AutomationResults_ShowMessagedAgainstHeldOut_InWordsAndOverTime()
    {
        using var api = fixture.Api();
        for (var i = 0; i < 20; i++)
        {
            await api.ContactAsync($"hold-{i}", $"+3934781{i:D5}", $"Hold{i}", tags: ["hold-ui"]);
            await api.EventAsync($"hold-{i}", "purchase", DateTimeOffset.UtcNow.AddDays(-60));
        }

        var segment = await api.SegmentAsync(
            new { kind = "all", rules = new object[] { new { kind = "no_event", @event = "purchase", days = 30 }, new { kind = "tag", value = "hold-ui" } } }, "Holdout (UI)");
        var automation = (await (await api.PostAsJsonAsync("/api/v1/automations", new
        {
            name = "Measured (UI)",
            segmentId = segment,
            holdoutPercent = 30,
            seed = 7,
            steps = new[] { new { name = "Offer", kind = "message", waitDays = 0, template = "Come back {{link}}", linkUrl = "https://shop.example.com" } },
            timeLimitDays = 30,
        })).OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await api.PostAsync($"/api/v1/automations/{automation}/activate", null);
        await fixture.Services.GetRequiredService<MarketingScheduler>().TickAsync(CancellationToken.None);
        for (var i = 0; i < 20; i += 3)
        {
            await api.EventAsync($"hold-{i}", "purchase", DateTimeOffset.UtcNow, 30);
        }

        var page = await fixture.AdminPageAsync();
        await page.GotoAsync($"/automations/edit/{automation}");
        await Assertions.Expect(page.Locator("input[name=holdoutPercent]")).ToHaveValueAsync("30");
        await Assertions.Expect(page.Locator("#holdout-result")).ToContainTextAsync("Held out");
        await Assertions.Expect(page.Locator("#holdout-result")).ToContainTextAsync("seed 7");
        await Assertions.Expect(page.Locator("#lift")).ToContainTextAsync("not yet conclusive");
        await Assertions.Expect(page.Locator("#results-chart canvas")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#report")).ToContainTextAsync("purchased");
        if (DashboardFixture.ScreenshotDirectory is { } directory)
        {
            // The results sit below the editor: photograph them, not the top of the page (nor the sticky header over them).
            await page.EvaluateAsync("document.querySelector('header.top').style.position = 'static'");
            await page.Locator("#results").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(directory, "automation-results.png") });
        }

        // A time frame that starts tomorrow has nobody in it.
        await page.FillAsync("#report-range input[name=from]", fixture.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#report-range button[type=submit]");
        await Assertions.Expect(page.Locator("#report-summary")).ToContainTextAsync("Enrolled 0");
    }

    [Fact]
    public async Task Overview_ChartsMessagesPerHourPerModem_AndTheContactPageShowsTheirRhythm()
    {
        using var api = fixture.Api();
        var id = await api.SendAsync(new { to = "+393478200001", text = "chart me" });
        await api.WaitForStatusAsync(id, "sent", "delivered");
        var contact = await api.ContactAsync("rhythm-1", "+393478200002", "Rita");
        foreach (var days in new[] { 30, 20, 10 })
        {
            await api.EventAsync("rhythm-1", "purchase", DateTimeOffset.UtcNow.AddDays(-days));
        }

        var page = await fixture.AdminPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#hourly-chart canvas")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#hourly-chart .u-legend")).ToContainTextAsync("sim-");
        await DashboardFixture.ScreenshotAsync(page, "overview-hourly");

        await page.GotoAsync($"/contacts/{contact}");
        await Assertions.Expect(page.Locator("#rhythm")).ToContainTextAsync("10 days (median of 3 purchases)");
    }
}
