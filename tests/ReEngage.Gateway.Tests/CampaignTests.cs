using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Tests;

public class CampaignTests : IDisposable
{
    private readonly GatewayFactory gateway;
    private readonly HttpClient api;

    public CampaignTests()
        : this(onPostgres: false)
    {
    }

    protected CampaignTests(bool onPostgres)
    {
        gateway = MarketingKit.Gateway(extra: new() { ["Gateway:Simulation:SendDelay"] = "00:00:00.200" }, onPostgres: onPostgres);
        api = gateway.Api();
    }

    public void Dispose()
    {
        api.Dispose();
        gateway.Dispose();
    }

    private async Task<long> CampaignAsync(long segment, object message, bool includeSleeping = false, int? budgetParts = null, object? sendAt = null)
    {
        var response = await api.PostAsJsonAsync("/api/v1/campaigns", new { name = "Flash sale", segmentId = segment, includeSleeping, budgetParts, message, sendAt, holdoutPercent = 0 });
        return (await response.OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Campaign_PreviewsThenSends_ToReachableContactsOnly_WithPersonalLinksAndCoupons()
    {
        await api.ContactAsync("a", MarketingKit.Phone(1), "Ada", tags: ["sale"]);
        await api.ContactAsync("b", MarketingKit.Phone(2), null, tags: ["sale"]);
        await api.ContactAsync("sleepy", MarketingKit.Phone(3), "Sam", tags: ["sale"]);
        await api.PutAsJsonAsync("/api/v1/contacts/sleepy", new { status = "sleeping" });
        await api.ContactAsync("gone", MarketingKit.Phone(4), "Gil", tags: ["sale"]);
        await api.PutAsJsonAsync("/api/v1/contacts/gone", new { status = "unsubscribed" });
        await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = MarketingKit.Phone(1), text = "hello" });
        var segment = await api.SegmentAsync(new { kind = "tag", value = "sale" });
        var campaign = await CampaignAsync(segment, new
        {
            template = "{{first_name|Hi there}}! 24h flash sale: {{coupon}} gives 30% off until {{coupon_expiry}}. {{link}}",
            coupon = new { pattern = "FLASH-####", validDays = 1 },
            landingPage = new { headline = "Flash sale", text = "30% off everything", buttonText = "Shop now", buttonUrl = "https://shop.example.com" },
        });

        var preview = await (await api.GetAsync($"/api/v1/campaigns/{campaign}/preview")).OkJsonAsync();
        Assert.Equal(2, preview.GetProperty("recipients").GetInt32());
        Assert.Contains("Hi there! 24h flash sale: XXXXXXXXXX", preview.GetProperty("sample")[1].GetProperty("text").GetString());
        Assert.True(preview.GetProperty("etaSeconds").GetInt32() > 0);

        await (await api.PostAsync($"/api/v1/campaigns/{campaign}/schedule", null)).OkJsonAsync(HttpStatusCode.Accepted);
        await CompletedAsync(campaign);

        var messages = (await (await api.GetAsync("/api/v1/messages?limit=500")).OkJsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([MarketingKit.Phone(1), MarketingKit.Phone(2)], messages.Select(m => m.GetProperty("to").GetString()).Order());
        var text = messages.Single(m => m.GetProperty("to").GetString() == MarketingKit.Phone(1)).GetProperty("text").GetString()!;
        Assert.Matches(@"^Ada! 24h flash sale: FLASH-[2-9]{4} gives 30% off until \d+ \w{3}\. https://go\.example\.com/s/[0-9A-Za-z]{7}$", text);

        // The contact follows the link: redirect to the landing page, which shows their coupon and counts the open.
        using var browser = gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var code = text[^7..];
        var click = await browser.GetAsync($"/s/{code}");
        Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);
        Assert.Equal($"/l/{code}", click.Headers.Location!.OriginalString);
        var page = await browser.GetStringAsync($"/l/{code}");
        var coupon = System.Text.RegularExpressions.Regex.Match(text, "FLASH-[0-9]{4}").Value;
        Assert.Contains($"<strong id=\"coupon\">{coupon}</strong>", page);
        Assert.Contains("Ada, Flash sale", page);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/s/zzzzzzz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/l/<script>")).StatusCode);

        await (await api.PostAsJsonAsync($"/api/v1/coupons/{coupon}/redeem", new { value = 45.5 })).OkJsonAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/coupons/{coupon}/redeem", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/api/v1/coupons/NOPE-0000/redeem", null)).StatusCode);

        var report = await (await api.GetAsync($"/api/v1/campaigns/{campaign}/report")).OkJsonAsync();
        Assert.Equal(2, report.GetProperty("sent").GetInt32());
        Assert.Equal(1, report.GetProperty("clicked").GetInt32());
        Assert.Equal(1, report.GetProperty("landingOpens").GetInt32());
        Assert.Equal(1, report.GetProperty("couponsRedeemed").GetInt32());
        Assert.Equal(1, report.GetProperty("engagedAfterwards").GetInt32());

        var timeline = await (await api.GetAsync("/api/v1/contacts?q=Ada")).OkJsonAsync();
        var ada = timeline.GetProperty("items")[0].GetProperty("id").GetInt64();
        var events = await (await api.GetAsync($"/api/v1/contacts/{ada}/timeline")).OkJsonAsync();
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("what").GetString() == "promo_used");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("what").GetString() == "link_click");
    }

    [Fact]
    public async Task ExpiredCoupon_IsRefusedAsGone()
    {
        await api.ContactAsync("a", MarketingKit.Phone(1), "Ada");
        var segment = await api.SegmentAsync(new { kind = "status", value = "active" });
        var campaign = await CampaignAsync(segment, new { template = "Code {{coupon}}", coupon = new { pattern = "OLD-####", validDays = 1 } });
        await api.PostAsync($"/api/v1/campaigns/{campaign}/schedule", null);
        await gateway.TickAsync();
        string? code = null;
        await WaitForAsync(async () => (code = (await (await api.GetAsync("/api/v1/messages")).OkJsonAsync()).GetProperty("items").EnumerateArray().FirstOrDefault().ValueKind == System.Text.Json.JsonValueKind.Object
            ? (await (await api.GetAsync("/api/v1/messages")).OkJsonAsync()).GetProperty("items")[0].GetProperty("text").GetString()![5..] : null) is not null);

        gateway.Clock().Advance(TimeSpan.FromDays(2));

        Assert.Equal(HttpStatusCode.Gone, (await api.PostAsync($"/api/v1/coupons/{code}/redeem", null)).StatusCode);
    }

    [Fact]
    public async Task Cancel_StopsTheMessagesNotSentYet()
    {
        for (var i = 0; i < 40; i++)
        {
            await api.ContactAsync($"c{i}", MarketingKit.Phone(i), $"N{i}");
        }

        var segment = await api.SegmentAsync(new { kind = "status", value = "active" });
        var campaign = await CampaignAsync(segment, new { template = "Hello {{first_name}}, we have news." });
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "message.status" } })).StatusCode);
        await api.PostAsync($"/api/v1/campaigns/{campaign}/schedule", null);
        await gateway.TickAsync();

        var cancelled = await (await api.PostAsync($"/api/v1/campaigns/{campaign}/cancel", null)).OkJsonAsync();

        // Each cancelled message is announced like any other cancel: one message.status webhook, the one shape.
        await using (var hooks = gateway.Services.CreateAsyncScope())
        {
            var payloads = (await hooks.ServiceProvider.GetRequiredService<GatewayDbContext>().WebhookDeliveries.AsNoTracking().Select(d => d.Payload).ToListAsync())
                .Select(p => System.Text.Json.JsonDocument.Parse(p).RootElement.GetProperty("data").Clone())
                .Where(d => d.GetProperty("status").GetString() == "cancelled").ToList();
            Assert.Equal(cancelled.GetProperty("cancelledMessages").GetInt32(), payloads.Count);
            Assert.All(payloads, d => Assert.Equal("CAMPAIGN_CANCELLED", d.GetProperty("error").GetProperty("code").GetString()));
            Assert.All(payloads, d => Assert.Equal($"campaign:{campaign}", d.GetProperty("source").GetString()));
        }

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.True(cancelled.GetProperty("cancelledMessages").GetInt32() > 20, cancelled.ToString());
        await using var scope = gateway.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        Assert.Equal(40, await db.Messages.CountAsync(m => m.Source == $"campaign:{campaign}"));
        Assert.Equal(0, await db.Messages.CountAsync(m => m.Source == $"campaign:{campaign}" && m.Status == Core.Messaging.MessageStatus.Queued));
    }

    [Fact]
    public async Task Guards_FrequencyCapAndBudget_SkipWithTheReason()
    {
        for (var i = 0; i < 5; i++)
        {
            await api.ContactAsync($"c{i}", MarketingKit.Phone(i), $"N{i}");
        }

        var segment = await api.SegmentAsync(new { kind = "status", value = "active" });
        var first = await CampaignAsync(segment, new { template = "One {{coupon}}", coupon = new { pattern = "ONE-####", validDays = 5 } }, budgetParts: 3);
        await api.PostAsync($"/api/v1/campaigns/{first}/schedule", null);
        await gateway.TickAsync();
        var second = (await (await api.PostAsJsonAsync("/api/v1/campaigns", new { name = "Again", segmentId = segment, message = new { template = "Two" }, frequencyCap = 1, frequencyDays = 7, holdoutPercent = 0 })).OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await api.PostAsync($"/api/v1/campaigns/{second}/schedule", null);
        await gateway.TickAsync();

        await using var scope = gateway.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var sends = await db.Sends.AsNoTracking().ToListAsync();
        Assert.Equal(3, sends.Count(s => s.CampaignId == first && s.Outcome == SendOutcome.Sent));
        Assert.Equal(2, sends.Count(s => s.CampaignId == first && s.SkipReason == "budget"));
        Assert.Equal(3, await db.Coupons.CountAsync()); // none handed to the contacts the budget left out
        Assert.Equal(3, sends.Count(s => s.CampaignId == second && s.SkipReason == "frequency_cap"));
        Assert.Equal(2, sends.Count(s => s.CampaignId == second && s.Outcome == SendOutcome.Sent));
    }

    [Fact]
    public async Task Templates_AreCheckedOnSave_WithTheCounterAndCost()
    {
        var check = await (await api.PostAsJsonAsync("/api/v1/templates/check", new { template = "Ciao {{first_name|amico}}, sconto del 20% — solo oggi! {{link}}", linkUrl = "https://shop.example.com" })).OkJsonAsync();
        Assert.True(check.GetProperty("valid").GetBoolean());
        Assert.Equal("ucs2", check.GetProperty("encoding").GetString());
        Assert.Equal(["—"], check.GetProperty("nonGsmCharacters").EnumerateArray().Select(c => c.GetString()));
        Assert.True(check.GetProperty("costPerMessage").GetDecimal() > 0);

        var bad = await (await api.PostAsJsonAsync("/api/v1/templates/check", new { template = "Hi {{frist_name}} {{link}} {{coupon" })).OkJsonAsync();
        Assert.False(bad.GetProperty("valid").GetBoolean());
        Assert.Contains("'{{frist_name}}' at position 4 is not a field", bad.GetProperty("errors")[0].GetString());

        var segment = await api.SegmentAsync(new { kind = "status", value = "active" });
        var refused = await api.PostAsJsonAsync("/api/v1/campaigns", new { name = "x", segmentId = segment, message = new { template = "Use {{coupon}} at {{link}}" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.JsonAsync()).GetProperty("errors").GetProperty("message.template");
        Assert.Contains(errors.EnumerateArray(), e => e.GetString()!.Contains("{{link}} needs a landing page"));
        Assert.Contains(errors.EnumerateArray(), e => e.GetString()!.Contains("{{coupon}} needs a coupon"));
    }

    [Fact]
    public async Task Campaign_IsCompleted_OnlyWhenItsLastMessageIsFinal_NotWhenItWasQueued()
    {
        await api.ContactAsync("a", MarketingKit.Phone(1), "Ada");
        await api.ContactAsync("b", MarketingKit.Phone(2), "Bea");
        var segment = await api.SegmentAsync(new { kind = "status", value = "active" });
        var campaign = await CampaignAsync(segment, new { template = "Hello {{first_name}}, we have news." });

        // The shop owner sends it; the marketing tick queues both messages (each takes 200 ms on the modem).
        await (await api.PostAsync($"/api/v1/campaigns/{campaign}/schedule", null)).OkJsonAsync(HttpStatusCode.Accepted);
        await gateway.TickAsync();
        Assert.Equal("running", await StatusAsync(campaign));

        // Their last message delivered, the next tick completes it.
        await CompletedAsync(campaign);
        var messages = (await (await api.GetAsync("/api/v1/messages?limit=500")).OkJsonAsync()).GetProperty("items").EnumerateArray();
        Assert.All(messages, m => Assert.Equal("delivered", m.GetProperty("status").GetString()));
        var report = await (await api.GetAsync($"/api/v1/campaigns/{campaign}")).OkJsonAsync();
        Assert.True(report.GetProperty("completedAt").ValueKind == System.Text.Json.JsonValueKind.String);
    }

    private async Task<string?> StatusAsync(long campaign) =>
        (await (await api.GetAsync($"/api/v1/campaigns/{campaign}")).OkJsonAsync()).GetProperty("status").GetString();

    /// <summary>Waits until every message of the campaign is delivered, then runs the marketing tick that completes it.</summary>
    private async Task CompletedAsync(long campaign)
    {
        await WaitForAsync(async () =>
        {
            var items = (await (await api.GetAsync("/api/v1/messages?limit=500")).OkJsonAsync()).GetProperty("items").EnumerateArray().ToList();
            return items.Count > 0 && items.All(m => m.GetProperty("status").GetString() == "delivered");
        });
        await WaitForAsync(async () =>
        {
            await gateway.TickAsync();
            return await StatusAsync(campaign) == "completed";
        });
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("condition never met");
    }
}

public sealed class CampaignScheduleTests : IDisposable
{
    private readonly GatewayFactory gateway = MarketingKit.Gateway();
    private readonly HttpClient api;

    public CampaignScheduleTests() => api = gateway.Api();

    public void Dispose()
    {
        api.Dispose();
        gateway.Dispose();
    }

    [Fact]
    public async Task ScheduledCampaign_WaitsForItsTime_AndASleepingSegmentIsTargetedWithoutTheFlag()
    {
        await api.ContactAsync("s1", MarketingKit.Phone(1), "Sleepy");
        await api.PutAsJsonAsync("/api/v1/contacts/s1", new { status = "sleeping" });
        await api.ContactAsync("a1", MarketingKit.Phone(2), "Awake");
        var segment = await api.SegmentAsync(new { kind = "status", value = "sleeping" });
        var campaign = (await (await api.PostAsJsonAsync("/api/v1/campaigns", new { name = "Welcome back", segmentId = segment, message = new { template = "We miss you, {{first_name}}!" }, sendAt = gateway.Now().AddDays(2), holdoutPercent = 0 }))
            .OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();

        await gateway.TickAsync();
        Assert.Equal("scheduled", (await (await api.GetAsync($"/api/v1/campaigns/{campaign}")).OkJsonAsync()).GetProperty("status").GetString());
        Assert.Equal(0, (await (await api.GetAsync("/api/v1/messages")).OkJsonAsync()).GetProperty("items").GetArrayLength());

        gateway.Clock().Advance(TimeSpan.FromDays(2.1));
        await gateway.TickAsync();
        for (var i = 0; i < 200 && (await (await api.GetAsync($"/api/v1/campaigns/{campaign}")).OkJsonAsync()).GetProperty("status").GetString() != "completed"; i++)
        {
            // Completed once its one message is delivered: the tick after that says so.
            await Task.Delay(50);
            await gateway.TickAsync();
        }

        Assert.Equal("completed", (await (await api.GetAsync($"/api/v1/campaigns/{campaign}")).OkJsonAsync()).GetProperty("status").GetString());
        var messages = (await (await api.GetAsync("/api/v1/messages")).OkJsonAsync()).GetProperty("items");
        Assert.Equal("We miss you, Sleepy!", Assert.Single(messages.EnumerateArray()).GetProperty("text").GetString());
    }
}

/// <summary>The same tests on a fleet's PostgreSQL.</summary>
public sealed class CampaignTestsOnPostgres() : CampaignTests(onPostgres: true);
