using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Tests;

/// <summary>A webhook the gateway disabled is announced on every dashboard page to admins, and enabled again from Settings.</summary>
[Collection(DashboardGroup.Name)]
public sealed class DashboardWebhookTests(DashboardFixture fixture)
{
    [Fact]
    public async Task ADisabledWebhook_IsAnnouncedOnEveryPage_AndEnabledAgainFromSettings()
    {
        using var api = fixture.Api();
        var id = (await (await api.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/down", events = new[] { "message.status" } })).OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        try
        {
            // As the sender leaves it after three days of failures (its rule is tested in Core: WebhookQueueTests).
            await using (var scope = fixture.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
                var hook = await db.Webhooks.SingleAsync(w => w.Id == id);
                hook.Disable("Every delivery failed for 3 days; re-enable it once the receiver works.", DateTimeOffset.UtcNow);
                await db.SaveChangesAsync();
            }

            var page = await fixture.AdminPageAsync();
            foreach (var path in await DashboardPagesAsync(api))
            {
                await page.GotoAsync(path);
                var notice = page.Locator("#webhook-notice");
                try
                {
                    await Assertions.Expect(notice).ToContainTextAsync("http://127.0.0.1:9/down", new() { Timeout = 10_000 });
                    await Assertions.Expect(notice).ToContainTextAsync("Every delivery failed for 3 days");
                }
                catch (PlaywrightException e)
                {
                    Assert.Fail($"{path}: the disabled webhook is not announced: {e.Message}");
                }

                Assert.EndsWith(path, new Uri(page.Url).AbsolutePath, StringComparison.Ordinal); // the page itself, not a redirect
            }

            await page.GotoAsync("/settings");
            var row = page.Locator("#webhooks tbody tr", new() { HasText = "http://127.0.0.1:9/down" });
            await Assertions.Expect(row.Locator(".pill")).ToHaveTextAsync("disabled");
            await row.GetByRole(AriaRole.Button, new() { Name = "enable", Exact = true }).ClickAsync();
            await Assertions.Expect(row.Locator(".pill")).ToHaveTextAsync("enabled");
            await Assertions.Expect(page.Locator("#webhook-notice")).ToHaveCountAsync(0);
            Assert.True((await (await api.GetAsync($"/api/v1/webhooks/{id}")).OkJsonAsync()).GetProperty("enabled").GetBoolean());
        }
        finally
        {
            await api.DeleteAsync($"/api/v1/webhooks/{id}");
        }
    }

    // Pages outside the signed-in dashboard: no top bar, so no notice (sign-in, sign-out, first setup, the refusal page).
    private static readonly HashSet<string> NotDashboardPages = ["/login", "/logout", "/setup", "/denied", "/language", "/i18n/{culture}.js"];

    /// <summary>
    /// Every Razor page the gateway maps, read from its endpoints (a page added later is checked without
    /// touching this test), with a real id for the pages that take one.
    /// </summary>
    private async Task<List<string>> DashboardPagesAsync(HttpClient api)
    {
        var contact = await api.ContactAsync($"notice-{Guid.NewGuid():N}", MarketingKit.Phone(9_876_543), "Notice");
        var segment = await api.SegmentAsync(new { kind = "tag", value = "notice" }, name: $"notice-{Guid.NewGuid():N}");
        var automation = (await (await api.PostAsJsonAsync("/api/v1/automations", new { name = $"notice-{Guid.NewGuid():N}", segmentId = segment })).OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var campaign = (await (await api.PostAsJsonAsync("/api/v1/campaigns", new { name = $"notice-{Guid.NewGuid():N}", segmentId = segment, message = new { template = "Hello" } })).OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var samples = new Dictionary<string, string>
        {
            ["/contacts/{id:long}"] = $"/contacts/{contact}",
            ["/automations/edit/{id:long}"] = $"/automations/edit/{automation}",
            ["/campaigns/{id:long}"] = $"/campaigns/{campaign}",
            ["/campaigns/{id:long}/edit"] = $"/campaigns/{campaign}/edit",
        };

        var pages = fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Distinct().Where(p => !NotDashboardPages.Contains(p)).Order().ToList();
        Assert.Contains("/", pages);
        Assert.Contains("/settings", pages);
        return [.. pages.Select(p => p.Contains('{', StringComparison.Ordinal)
            ? samples.TryGetValue(p, out var url) ? url : throw new InvalidOperationException($"The page {p} takes a route value: give it a sample URL here.")
            : p)];
    }
}
