using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Marketing.Statistics;

namespace ReEngage.Gateway.Tests;

/// <summary>Holdouts, A/B variants, revenue and time frames through the API, with fixed seeds.</summary>
public sealed class MeasurementTests : IDisposable
{
    private readonly GatewayFactory gateway = MarketingKit.Gateway();
    private readonly HttpClient api;
    private readonly HttpClient browser;

    public MeasurementTests()
    {
        api = gateway.Api();
        browser = gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public void Dispose()
    {
        browser.Dispose();
        api.Dispose();
        gateway.Dispose();
    }

    private async Task<T> DbAsync<T>(Func<GatewayDbContext, Task<T>> query)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<GatewayDbContext>());
    }

    [Fact]
    public async Task Holdout_IsNeverMessaged_AndTheReportComparesBothGroupsWithNewcombesInterval()
    {
        const int Contacts = 60;
        var ids = new long[Contacts];
        for (var i = 0; i < Contacts; i++)
        {
            ids[i] = await api.ContactAsync($"c{i}", MarketingKit.Phone(i), $"N{i}");
            await api.EventAsync($"c{i}", "purchase", gateway.Now().AddDays(-40));
        }

        var start = gateway.Now();
        var segment = await api.SegmentAsync(new { kind = "no_event", @event = "purchase", days = 30 }, "Lapsed");
        var automation = (await (await api.PostAsJsonAsync("/api/v1/automations", new
        {
            name = "Measured",
            segmentId = segment,
            timeLimitDays = 30,
            holdoutPercent = 30,
            seed = 7,
            exitOnEngagement = false,
            steps = new[] { new { name = "Offer", kind = "message", waitDays = 0, onlyIfNotEngaged = false, template = "Come back {{link}}", linkUrl = "https://shop.example.com" } },
        })).OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await api.PostAsync($"/api/v1/automations/{automation}/activate", null);
        await gateway.TickAsync();

        var heldOut = ids.Where(id => SplitPolicy.IsHeldOut(7, id, 30)).ToHashSet();
        Assert.InRange(heldOut.Count, 8, 30);
        var runs = await DbAsync(db => db.Runs.AsNoTracking().ToListAsync());
        Assert.Equal(heldOut, runs.Where(r => r.HeldOut).Select(r => r.ContactId).ToHashSet());
        var sends = await DbAsync(db => db.Sends.AsNoTracking().ToListAsync());
        Assert.Equal(ids.Except(heldOut).Order(), sends.Where(s => s.Outcome == SendOutcome.Sent).Select(s => s.ContactId).Order());
        Assert.Equal(heldOut.Order(), sends.Where(s => s.SkipReason == "holdout").Select(s => s.ContactId).Order());

        // Day 2: every second messaged contact clicks; day 3 they buy. Every fourth held-out contact buys anyway.
        gateway.Clock().Advance(TimeSpan.FromDays(2));
        var messagedBuyers = ids.Where(id => !heldOut.Contains(id)).Where((_, n) => n % 2 == 0).ToList();
        var heldOutBuyers = ids.Where(heldOut.Contains).Where((_, n) => n % 4 == 0).ToList();
        foreach (var id in messagedBuyers)
        {
            var code = sends.Single(s => s.ContactId == id && s.Outcome == SendOutcome.Sent).LinkCode;
            Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync($"/s/{code}")).StatusCode);
        }

        gateway.Clock().Advance(TimeSpan.FromDays(1));
        foreach (var id in messagedBuyers.Concat(heldOutBuyers))
        {
            await api.EventAsync($"c{Array.IndexOf(ids, id)}", "purchase", gateway.Now(), 25.0);
        }

        var beforeEnd = gateway.Now();
        gateway.Clock().Advance(TimeSpan.FromDays(28));
        await gateway.TickAsync();

        var report = await (await api.GetAsync($"/api/v1/automations/{automation}/report")).OkJsonAsync();
        var holdout = report.GetProperty("holdout");
        var expected = ProportionStatistics.Difference(messagedBuyers.Count, Contacts - heldOut.Count, heldOutBuyers.Count, heldOut.Count);
        Assert.Equal((Contacts - heldOut.Count, messagedBuyers.Count), (holdout.GetProperty("messaged").GetProperty("contacts").GetInt32(), holdout.GetProperty("messaged").GetProperty("boughtAgain").GetInt32()));
        Assert.Equal((heldOut.Count, heldOutBuyers.Count), (holdout.GetProperty("heldOut").GetProperty("contacts").GetInt32(), holdout.GetProperty("heldOut").GetProperty("boughtAgain").GetInt32()));
        Assert.Equal(Math.Round(expected.Lower, 4), holdout.GetProperty("liftLower").GetDouble());
        Assert.Equal(Math.Round(expected.Upper, 4), holdout.GetProperty("liftUpper").GetDouble());
        Assert.Equal(expected.Verdict, holdout.GetProperty("verdict").GetString());
        Assert.Equal(7, holdout.GetProperty("seed").GetInt64());
        Assert.Contains("Newcombe", holdout.GetProperty("method").GetString());

        // Revenue: only the messaged buyers clicked, so only their purchases are credited to the step.
        Assert.Equal(messagedBuyers.Count * 25.0, report.GetProperty("revenue").GetDouble());
        Assert.Equal(messagedBuyers.Count, report.GetProperty("stepRevenue")[0].GetProperty("purchases").GetInt32());
        Assert.True(report.GetProperty("roi").GetDouble() > 0);
        Assert.Equal(heldOut.Count, report.GetProperty("steps")[0].GetProperty("heldOut").GetInt32());
        Assert.Equal((Contacts, heldOut.Count), (report.GetProperty("enrolled").GetInt32(), report.GetProperty("heldOut").GetInt32()));
        Assert.Equal(0, report.GetProperty("steps")[0].GetProperty("skipped").GetInt32());
        var day = report.GetProperty("days").EnumerateArray().First();
        Assert.Equal((Contacts - heldOut.Count, heldOut.Count), (day.GetProperty("messaged").GetInt32(), day.GetProperty("heldOut").GetInt32()));

        // The held-out contacts were never asked: the automation leaves their status alone.
        var statuses = await DbAsync(db => db.Contacts.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Status));
        Assert.All(heldOut, id => Assert.Equal(ContactStatus.Active, statuses[id]));
        Assert.All(ids.Except(heldOut).Except(messagedBuyers), id => Assert.Equal(ContactStatus.Unsubscribed, statuses[id]));

        // A shop syncing back sees who changed since its last call.
        var changed = await (await api.GetAsync($"/api/v1/contacts?updatedSince={Uri.EscapeDataString(beforeEnd.ToString("O"))}&status=unsubscribed&limit=500")).OkJsonAsync();
        Assert.Equal(Contacts - heldOut.Count - messagedBuyers.Count, changed.GetProperty("items").GetArrayLength());
        await (await api.GetAsync("/api/v1/contacts?updatedSince=yesterday")).OkJsonAsync(HttpStatusCode.BadRequest);

        // A time frame after the enrolment has nobody in it; a bad one is a 400 naming the field.
        var later = await (await api.GetAsync($"/api/v1/automations/{automation}/report?from={start.AddDays(1):yyyy-MM-dd}")).OkJsonAsync();
        Assert.Equal(0, later.GetProperty("enrolled").GetInt32());
        Assert.Equal(0, later.GetProperty("holdout").GetProperty("messaged").GetProperty("contacts").GetInt32());
        var bad = await (await api.GetAsync($"/api/v1/automations/{automation}/report?from=someday")).OkJsonAsync(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("from", out _));
    }

    [Fact]
    public async Task CampaignVariants_AreSplitBySeed_AndReportedWithRevenueFromRedemptions()
    {
        const int Contacts = 40;
        var ids = new long[Contacts];
        for (var i = 0; i < Contacts; i++)
        {
            ids[i] = await api.ContactAsync($"c{i}", MarketingKit.Phone(i), $"N{i}");
        }

        var segment = await api.SegmentAsync(new { kind = "status", value = "active" }, "Everyone");
        var campaign = (await (await api.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "A/B",
            segmentId = segment,
            holdoutPercent = 0,
            seed = 11,
            attributeTo = "delivered",
            message = new { template = "A: {{coupon}}", variants = new[] { "B: {{coupon}} today only" }, coupon = new { pattern = "AB-#####", validDays = 7 } },
        })).OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await api.PostAsync($"/api/v1/campaigns/{campaign}/schedule", null);
        await gateway.TickAsync();

        var sends = await DbAsync(db => db.Sends.AsNoTracking().Where(s => s.CampaignId == campaign).ToListAsync());
        Assert.All(sends, s => Assert.Equal(SplitPolicy.Variant(11, s.ContactId, 0, 2), s.Variant));
        var texts = await DbAsync(db => db.Messages.AsNoTracking().ToDictionaryAsync(m => m.To, m => m.Text));
        Assert.All(sends, s => Assert.StartsWith(s.Variant == 0 ? "A: " : "B: ", texts[MarketingKit.Phone(Array.IndexOf(ids, s.ContactId))]));

        // A till checks then redeems one B code with a value: a purchase credited to variant B.
        var b = sends.First(s => s.Variant == 1);
        var check = await (await api.GetAsync($"/api/v1/coupons/{b.CouponCode}")).OkJsonAsync();
        Assert.Equal(("valid", b.ContactId), (check.GetProperty("status").GetString(), check.GetProperty("contactId").GetInt64()));
        await WaitForDeliveredAsync(b.MessageId!.Value);
        gateway.Clock().Advance(TimeSpan.FromHours(2));
        await (await api.PostAsJsonAsync($"/api/v1/coupons/{b.CouponCode}/redeem", new { value = 40.0 })).OkJsonAsync();

        // A purchase in another currency is a purchase, but not added to euros.
        await (await api.PostAsJsonAsync("/api/v1/events", new { contact = new { externalId = $"c{Array.IndexOf(ids, b.ContactId)}" }, type = "purchase", value = 100.0, currency = "usd" })).OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal("redeemed", (await (await api.GetAsync($"/api/v1/coupons/{b.CouponCode}")).OkJsonAsync()).GetProperty("status").GetString());
        await (await api.GetAsync("/api/v1/coupons/NOPE-1")).OkJsonAsync(HttpStatusCode.NotFound);

        var report = await (await api.GetAsync($"/api/v1/campaigns/{campaign}/report")).OkJsonAsync();
        var variants = report.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(2, variants.Count);
        Assert.Equal(sends.Count(s => s.Variant == 0), variants[0].GetProperty("sent").GetInt32());
        Assert.Equal(sends.Count(s => s.Variant == 1), variants[1].GetProperty("sent").GetInt32());
        Assert.Equal((1, 40.0), (variants[1].GetProperty("boughtAgain").GetInt32(), variants[1].GetProperty("revenue").GetDouble()));
        Assert.Equal("not yet conclusive", variants[1].GetProperty("verdict").GetString());
        Assert.Equal(40.0, report.GetProperty("revenue").GetDouble());
    }

    private async Task WaitForDeliveredAsync(long messageId)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await DbAsync(db => db.Messages.AnyAsync(m => m.Id == messageId && m.DeliveredAt != null)))
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"message {messageId} was never delivered");
    }

    [Fact]
    public void HoldoutAndSeed_AreValidated()
    {
        var errors = DefinitionValidation.Campaign(new CampaignDefinition { HoldoutPercent = 80, AttributionDays = 0, Message = new StepDefinition { Template = "Hi", Variants = ["a", "b", "c", "d"] } }, new ReEngage.Gateway.Core.GatewayOptions());
        Assert.Contains("holdoutPercent", errors.Keys);
        Assert.Contains("attributionDays", errors.Keys);
        Assert.Contains("message.variants", errors.Keys);
        _ = JsonSerializer.Serialize(errors);
    }
}
