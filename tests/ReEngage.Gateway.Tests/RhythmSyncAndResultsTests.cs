using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Tests;

/// <summary>Each customer's own rhythm, status webhooks for the shop, welcome back, survey and contest results.</summary>
public sealed class RhythmSyncAndResultsTests : IDisposable
{
    private readonly GatewayFactory gateway = MarketingKit.Gateway();
    private readonly HttpClient api;

    public RhythmSyncAndResultsTests() => api = gateway.Api();

    public void Dispose()
    {
        api.Dispose();
        gateway.Dispose();
    }

    private async Task<T> DbAsync<T>(Func<GatewayDbContext, Task<T>> query)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<GatewayDbContext>());
    }

    [Fact]
    public void Rhythm_IsTheMedianInterval_AndOverdueIsRelativeToIt()
    {
        var t = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rhythm = PurchaseRhythm.Of([t.AddDays(30), t, t.AddDays(10), t.AddDays(40), t.AddDays(10)]);
        Assert.Equal(4, rhythm.Purchases);
        Assert.Equal(TimeSpan.FromDays(10), rhythm.MedianInterval); // gaps 10, 20, 10
        Assert.Equal(t.AddDays(50), rhythm.ExpectedNext);
        Assert.False(rhythm.IsOverdue(t.AddDays(60), factor: 2, minPurchases: 3));
        Assert.True(rhythm.IsOverdue(t.AddDays(61), factor: 2, minPurchases: 3));
        Assert.False(rhythm.IsOverdue(t.AddDays(100), factor: 2, minPurchases: 5));
        Assert.Equal(TimeSpan.FromDays(15), PurchaseRhythm.Of([t, t.AddDays(10), t.AddDays(30)]).MedianInterval);
        Assert.Null(PurchaseRhythm.Of([t]).MedianInterval);
    }

    [Fact]
    public async Task OverdueSegment_FollowsEachContactsOwnRhythm()
    {
        var now = gateway.Now();
        var grocer = await api.ContactAsync("grocer", MarketingKit.Phone(1), "Gina");
        var cars = await api.ContactAsync("cars", MarketingKit.Phone(2), "Carlo");
        await api.ContactAsync("new", MarketingKit.Phone(3), "Nina");

        // Gina buys every 3 days and has not for 10; Carlo every 120 days, last 100 days ago; Nina once.
        foreach (var days in new[] { 19, 16, 13, 10 })
        {
            await api.EventAsync("grocer", "purchase", now.AddDays(-days));
        }

        foreach (var days in new[] { 460, 340, 220, 100 })
        {
            await api.EventAsync("cars", "purchase", now.AddDays(-days));
        }

        await api.EventAsync("new", "purchase", now.AddDays(-300));
        var rule = new { kind = "overdue", factor = 2, minPurchases = 3 };
        var preview = await (await api.PostAsJsonAsync("/api/v1/segments/preview", new { rule })).OkJsonAsync();
        Assert.Equal(1, preview.GetProperty("count").GetInt32());
        Assert.Equal(grocer, preview.GetProperty("sample")[0].GetProperty("id").GetInt64());
        Assert.Contains("2× their usual interval", preview.GetProperty("summary").GetString());

        // Carlo is overdue once 240 days (2 × 120) have passed since his last purchase.
        gateway.Clock().Advance(TimeSpan.FromDays(141));
        var segment = await api.SegmentAsync(rule, "Overdue");
        Assert.Equal(["cars", "grocer"], (await api.MembersAsync(segment)).Order());

        var contact = await (await api.GetAsync($"/api/v1/contacts/{cars}")).OkJsonAsync();
        var activity = contact.GetProperty("activity");
        Assert.Equal(120, activity.GetProperty("medianDaysBetweenPurchases").GetDouble(), 1);
        Assert.Equal(4, activity.GetProperty("purchases").GetInt32());
        Assert.Equal(now.AddDays(20).Date, activity.GetProperty("expectedNextPurchaseAt").GetDateTimeOffset().UtcDateTime.Date);

        var bad = await (await api.PostAsJsonAsync("/api/v1/segments/preview", new { rule = new { kind = "overdue", factor = 0.5 } })).OkJsonAsync(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("rule.factor", out _));
    }

    [Fact]
    public async Task StatusChanges_AreToldToTheShop_AndReactivatedContactsAreWelcomedBack()
    {
        await (await api.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://shop.example.com/hooks", events = new[] { "contact.sleeping", "contact.reactivated", "contact.unsubscribed" } })).OkJsonAsync(HttpStatusCode.Created);
        var now = gateway.Now();
        var stays = await api.ContactAsync("stays", MarketingKit.Phone(1), "Sara");
        var comes = await api.ContactAsync("comes", MarketingKit.Phone(2), "Carla");
        foreach (var c in new[] { "stays", "comes" })
        {
            await api.EventAsync(c, "purchase", now.AddDays(-40));
        }

        var sleeping = await api.SegmentAsync(new { kind = "no_event", @event = "purchase", days = 30 }, "Sleeping", marksSleeping: true);
        var automation = (await (await api.PostAsJsonAsync("/api/v1/automations", new
        {
            name = "Win back",
            segmentId = sleeping,
            holdoutPercent = 0,
            timeLimitDays = 20,
            steps = new[] { new { name = "Survey", kind = "survey", waitDays = 0, template = "How are you? Reply 1-5" } },
            welcomeBack = new { name = "Welcome back", template = "Welcome back {{first_name|friend}}!" },
        })).OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await api.PostAsync($"/api/v1/automations/{automation}/activate", null);
        await gateway.TickAsync();

        // Carla answers the survey twice (the second counts) and buys: reactivated, welcomed back.
        gateway.Clock().Advance(TimeSpan.FromDays(1));
        await ReplyAsync(MarketingKit.Phone(2), "3");
        await ReplyAsync(MarketingKit.Phone(2), " 4. ");
        await api.EventAsync("comes", "purchase", gateway.Now());
        await gateway.TickAsync();
        gateway.Clock().Advance(TimeSpan.FromDays(20));
        await gateway.TickAsync();

        var hooks = await DbAsync(db => db.WebhookDeliveries.AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.Event, d.Payload }).ToListAsync());
        Assert.Equal(2, hooks.Count(h => h.Event == "contact.sleeping"));
        var back = Assert.Single(hooks, h => h.Event == "contact.reactivated");
        Assert.Contains($"\"id\":{comes}", back.Payload);
        Assert.Contains("\"previousStatus\":\"sleeping\"", back.Payload);
        var gone = Assert.Single(hooks, h => h.Event == "contact.unsubscribed");
        Assert.Contains($"\"id\":{stays}", gone.Payload);
        Assert.Contains($"\"reason\":\"automation:{automation}\"", gone.Payload);

        var texts = await DbAsync(db => db.Messages.AsNoTracking().Where(m => m.To == MarketingKit.Phone(2)).Select(m => m.Text).ToListAsync());
        Assert.Contains("Welcome back Carla!", texts);
        Assert.DoesNotContain(await DbAsync(db => db.Messages.AsNoTracking().Where(m => m.To == MarketingKit.Phone(1)).Select(m => m.Text).ToListAsync()), t => t.StartsWith("Welcome", StringComparison.Ordinal));
        var report = await (await api.GetAsync($"/api/v1/automations/{automation}/report")).OkJsonAsync();
        Assert.Equal(("Welcome back", 1), (report.GetProperty("steps")[1].GetProperty("name").GetString(), report.GetProperty("steps")[1].GetProperty("sent").GetInt32()));

        var results = await (await api.GetAsync($"/api/v1/automations/{automation}/steps/0/responses")).OkJsonAsync();
        var breakdown = Assert.Single(results.GetProperty("breakdown").EnumerateArray());
        Assert.Equal(("4", 1), (breakdown.GetProperty("answer").GetString(), breakdown.GetProperty("count").GetInt32()));
        Assert.Equal(2, results.GetProperty("responses").GetArrayLength());
        var csv = await api.GetStringAsync($"/api/v1/automations/{automation}/steps/0/responses?format=csv");
        Assert.StartsWith("contact_id,external_id,phone,name,kind,text,at", csv);
        Assert.Contains($"{comes},comes,{MarketingKit.Phone(2)},Carla,answer,3,", csv);
        await (await api.GetAsync($"/api/v1/automations/{automation}/steps/7/responses")).OkJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ContestDraw_IsFair_Recorded_AndReproducibleFromItsSeed()
    {
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await api.ContactAsync($"c{i}", MarketingKit.Phone(i), $"N{i}"));
            await api.EventAsync($"c{i}", "purchase", gateway.Now().AddDays(-40));
        }

        var segment = await api.SegmentAsync(new { kind = "no_event", @event = "purchase", days = 30 }, "Lapsed");
        var automation = (await (await api.PostAsJsonAsync("/api/v1/automations", new
        {
            name = "Contest",
            segmentId = segment,
            holdoutPercent = 0,
            exitOnEngagement = false,
            steps = new[] { new { name = "Contest", kind = "contest", waitDays = 0, template = "Reply WIN" } },
        })).OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await api.PostAsync($"/api/v1/automations/{automation}/activate", null);
        await gateway.TickAsync();
        gateway.Clock().Advance(TimeSpan.FromHours(5));
        foreach (var i in Enumerable.Range(0, 10))
        {
            await ReplyAsync(MarketingKit.Phone(i), "WIN");
        }

        await ReplyAsync(MarketingKit.Phone(0), "WIN WIN"); // one contact, one chance

        var draw = await (await api.PostAsJsonAsync($"/api/v1/automations/{automation}/steps/0/draw", new { winners = 3, seed = 2026 })).OkJsonAsync(HttpStatusCode.Created);
        var winners = draw.GetProperty("winners").EnumerateArray().Select(w => w.GetInt64()).ToList();
        Assert.Equal(10, draw.GetProperty("entrants").GetInt32());
        Assert.Equal(WinnerDraw.Pick(2026, ids.Take(10), 3), winners);
        Assert.Equal(3, winners.Distinct().Count());
        Assert.All(winners, w => Assert.Contains(w, ids.Take(10)));
        var recorded = await (await api.GetAsync($"/api/v1/automations/{automation}/steps/0/draws")).OkJsonAsync();
        Assert.Equal(2026, recorded[0].GetProperty("seed").GetInt64());
        await (await api.PostAsJsonAsync($"/api/v1/automations/{automation}/steps/0/draw", new { winners = 0 })).OkJsonAsync(HttpStatusCode.BadRequest);

        // Over many seeds each entrant wins about equally often.
        var wins = Enumerable.Range(0, 20_000).SelectMany(seed => WinnerDraw.Pick(seed, ids.Take(10), 1)).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10, wins.Count);
        Assert.All(wins.Values, n => Assert.InRange(n, 1700, 2300));
    }

    private async Task ReplyAsync(string phone, string text)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        var inbound = new InboundMessage { Id = Random.Shared.Next(1, int.MaxValue), From = phone, Text = text, Modem = "sim-1", ReceivedAt = gateway.Now() };
        foreach (var observer in scope.ServiceProvider.GetServices<IInboundObserver>())
        {
            await observer.OnInboundAsync(inbound, CancellationToken.None);
        }
    }
}
