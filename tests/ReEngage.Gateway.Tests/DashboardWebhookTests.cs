using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Tests;

/// <summary>A webhook the gateway disabled is announced on every page to admins, and enabled again from Settings.</summary>
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
            await page.GotoAsync("/");
            var notice = page.Locator("#webhook-notice");
            await Assertions.Expect(notice).ToContainTextAsync("http://127.0.0.1:9/down");
            await Assertions.Expect(notice).ToContainTextAsync("Every delivery failed for 3 days");

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
}
