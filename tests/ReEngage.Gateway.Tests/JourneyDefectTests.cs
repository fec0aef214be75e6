using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Tests;

/// <summary>The defects a marketer found playing 122 days of the journey through the API, each pinned down.</summary>
public sealed class JourneyDefectTests : IDisposable
{
    private readonly GatewayFactory gateway = MarketingKit.Gateway();
    private readonly HttpClient api;

    public JourneyDefectTests() => api = gateway.Api();

    public void Dispose()
    {
        api.Dispose();
        gateway.Dispose();
    }

    /// <summary>An automation of the given steps over everyone without a purchase in 30 days, activated and ticked once.</summary>
    private async Task<long> AutomationAsync(object[] steps, int timeLimitDays = 90, int holdoutPercent = 0)
    {
        var segment = await api.SegmentAsync(new { kind = "no_event", @event = "purchase", days = 30 }, "No purchase for 30 days");
        var automation = (await (await api.PostAsJsonAsync("/api/v1/automations", new { name = "Win back", segmentId = segment, frequencyCap = 5, timeLimitDays, steps, holdoutPercent }))
            .OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await (await api.PostAsync($"/api/v1/automations/{automation}/activate", null)).OkJsonAsync();
        await gateway.TickAsync();
        return automation;
    }

    private async Task ReplyAsync(string phone, string text, string? keyword = null)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        var inbound = new InboundMessage { Id = Random.Shared.Next(1, int.MaxValue), From = phone, Text = text, Modem = "sim-1", ReceivedAt = gateway.Now(), Keyword = keyword };
        foreach (var observer in scope.ServiceProvider.GetServices<IInboundObserver>())
        {
            await observer.OnInboundAsync(inbound, CancellationToken.None);
        }
    }

    private async Task<T> DbAsync<T>(Func<GatewayDbContext, Task<T>> query)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<GatewayDbContext>());
    }

    [Fact]
    public async Task Reply_IsTheContestEntry_EvenWhenACampaignSmsCameBetween()
    {
        var contact = await api.ContactAsync("c1", MarketingKit.Phone(1), "Marta");
        await api.EventAsync("c1", "purchase", gateway.Now().AddDays(-40));
        var automation = await AutomationAsync([
            new { name = "Contest", kind = "contest", waitDays = 0, template = "Reply VINCO to win" },
            new { name = "Coupon", kind = "message", waitDays = 30, template = "Come back" },
        ]);

        // Day 6: a regular campaign reaches the same contact; day 8: the reply.
        gateway.Clock().Advance(TimeSpan.FromDays(6));
        var segment = await api.SegmentAsync(new { kind = "status", value = "active" }, "Everyone");
        var campaign = (await (await api.PostAsJsonAsync("/api/v1/campaigns", new { name = "News", segmentId = segment, frequencyCap = 5, holdoutPercent = 0, message = new { template = "New arrivals" } }))
            .OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await api.PostAsync($"/api/v1/campaigns/{campaign}/schedule", null);
        await gateway.TickAsync();
        Assert.Equal(2, await DbAsync(db => db.Sends.CountAsync(s => s.ContactId == contact && s.Outcome == SendOutcome.Sent)));
        gateway.Clock().Advance(TimeSpan.FromDays(2));
        await ReplyAsync(MarketingKit.Phone(1), "VINCO");

        var entry = Assert.Single(await DbAsync(db => db.Responses.AsNoTracking().ToListAsync()));
        Assert.Equal((automation, 0, "entry", "VINCO"), (entry.AutomationId!.Value, entry.Step, entry.Kind, entry.Text));
        var timeline = await (await api.GetAsync($"/api/v1/contacts/{contact}/timeline")).OkJsonAsync();
        Assert.Contains(timeline.EnumerateArray(), i => i.GetProperty("kind").GetString() == $"automation:{automation}" && i.GetProperty("what").GetString() == "step 0 entry" && i.GetProperty("detail").GetString() == "VINCO");

        // After the 14-day window it is a reply, not an entry.
        gateway.Clock().Advance(TimeSpan.FromDays(7));
        await ReplyAsync(MarketingKit.Phone(1), "VINCO again");
        Assert.Equal(1, await DbAsync(db => db.Responses.CountAsync()));
    }

    [Fact]
    public async Task Stop_EndsTheRunAtOnce_NotAtTheNextStepDate()
    {
        await api.ContactAsync("c1", MarketingKit.Phone(1), "Marta");
        await api.EventAsync("c1", "purchase", gateway.Now().AddDays(-40));
        var automation = await AutomationAsync([
            new { name = "Survey", kind = "survey", waitDays = 0, template = "How was it?" },
            new { name = "Coupon", kind = "message", waitDays = 30, template = "Come back" },
        ]);
        gateway.Clock().Advance(TimeSpan.FromDays(7));
        var stopAt = gateway.Now();

        // The real path: the SMS, its opt-out and the run's end are one transaction, announced after it commits.
        await using var events = new LifecycleEvents(gateway.Services.GetRequiredService<GatewayEventBus>());
        await (await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = MarketingKit.Phone(1), text = "STOP" })).OkJsonAsync(HttpStatusCode.Accepted);
        await events.UntilAsync(() => events.All.OfType<InboundStored>().Any(e => e.From == MarketingKit.Phone(1)), TimeSpan.FromSeconds(30), () => "the STOP was not stored");

        var run = Assert.Single(await DbAsync(db => db.Runs.AsNoTracking().ToListAsync()));
        Assert.Equal((RunStatus.Completed, RunOutcome.Left), (run.Status, run.Outcome));
        Assert.InRange(run.EndedAt!.Value - stopAt, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        var report = await (await api.GetAsync($"/api/v1/automations/{automation}/report")).OkJsonAsync();
        Assert.Equal((0, 1), (report.GetProperty("inProgress").GetInt32(), report.GetProperty("left").GetInt32()));
        Assert.Empty(await DbAsync(db => db.Responses.ToListAsync()));
    }

    [Fact]
    public async Task SimulationClock_CanBeRead_AndIsKeptAcrossARestart()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("reengage-clock-").FullName;
        var first = MarketingKit.Gateway(dataDirectory);
        first.KeepData = true;
        DateTimeOffset reached;
        using (var client = first.Api())
        {
            var before = await (await client.GetAsync("/api/v1/simulation/clock")).OkJsonAsync();
            var advanced = await (await client.PostAsJsonAsync("/api/v1/simulation/clock", new { advance = "50.00:00:00" })).OkJsonAsync();
            reached = advanced.GetProperty("now").GetDateTimeOffset();
            Assert.True(reached - before.GetProperty("now").GetDateTimeOffset() >= TimeSpan.FromDays(50));
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/simulation/clock?at=now")).StatusCode);
        }

        first.Dispose();
        var second = MarketingKit.Gateway(dataDirectory);
        using (var client = second.Api())
        {
            var now = (await (await client.GetAsync("/api/v1/simulation/clock")).OkJsonAsync()).GetProperty("now").GetDateTimeOffset();
            Assert.InRange(now - reached, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        }

        second.KeepData = false;
        second.Dispose();
    }

    [Fact]
    public async Task LongNonGsmName_IsCountedBeforeActivation_AndTheOfferedFixMakesItFit()
    {
        await api.ContactAsync("short", MarketingKit.Phone(1), "Ada");
        await api.ContactAsync("long", MarketingKit.Phone(2), "Ioana-Ștefania");
        foreach (var c in new[] { "short", "long" })
        {
            await api.EventAsync(c, "purchase", gateway.Now().AddDays(-40));
        }

        // Two parts for "Alessandra"; UCS-2 and four parts for "Ioana-Ștefania".
        var template = "Ciao {{first_name|}}, ti aspettiamo: con il codice {{coupon}} hai il 20% di sconto su tutto il negozio e sui nuovi arrivi fino al {{coupon_expiry}}. Mostralo in cassa oppure usalo online quando vuoi: {{link}}";
        var step = new { name = "Coupon", kind = "message", waitDays = 0, template, linkUrl = "https://shop.example.com", coupon = new { pattern = "BACK-####-??", validDays = 14 } };
        var check = await (await api.PostAsJsonAsync("/api/v1/templates/check", step)).OkJsonAsync();
        Assert.True(check.GetProperty("valid").GetBoolean());
        Assert.Equal(2, check.GetProperty("typicalParts").GetInt32());
        Assert.Equal(4, check.GetProperty("parts").GetInt32());
        Assert.Equal("ucs2", check.GetProperty("encoding").GetString());
        Assert.Equal("Ioana-Ștefania", check.GetProperty("worstCase").GetString());
        Assert.Contains("1 contact with long or non-GSM names", check.GetProperty("warnings")[0].GetString());
        var fix = check.GetProperty("fixes").EnumerateArray().First();
        Assert.Equal(("smartEncoding", 2), (fix.GetProperty("field").GetString(), fix.GetProperty("parts").GetInt32()));

        // The forecast says who would be skipped before anyone activates it...
        var segment = await api.SegmentAsync(new { kind = "no_event", @event = "purchase", days = 30 }, "Lapsed");
        var created = await (await api.PostAsJsonAsync("/api/v1/automations", new { name = "Coupon", segmentId = segment, timeLimitDays = 30, holdoutPercent = 0, steps = new[] { step } })).OkJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        var forecast = await (await api.GetAsync($"/api/v1/automations/{id}/forecast")).OkJsonAsync();
        Assert.Equal(1, forecast.GetProperty("skippedTooLong").GetProperty("Coupon").GetInt32());

        // ...and with the fix applied, she gets her coupon, in two GSM parts.
        var fixedStep = JsonSerializer.SerializeToNode(step)!.AsObject();
        fixedStep["smartEncoding"] = true;
        await (await api.PutAsJsonAsync($"/api/v1/automations/{id}", new { name = "Coupon", segmentId = segment, timeLimitDays = 30, holdoutPercent = 0, steps = new[] { fixedStep } })).OkJsonAsync();
        forecast = await (await api.GetAsync($"/api/v1/automations/{id}/forecast")).OkJsonAsync();
        Assert.Empty(forecast.GetProperty("skippedTooLong").EnumerateObject());
        await api.PostAsync($"/api/v1/automations/{id}/activate", null);
        await gateway.TickAsync();
        var sends = await DbAsync(db => db.Sends.AsNoTracking().Where(s => s.AutomationId == id).ToListAsync());
        Assert.All(sends, s => Assert.Equal((SendOutcome.Sent, 2), (s.Outcome, s.Parts)));
        var text = await DbAsync(db => db.Messages.Where(m => m.To == MarketingKit.Phone(2)).Select(m => m.Text).SingleAsync());
        Assert.StartsWith("Ciao Ioana-Stefania, ti aspettiamo", text);
    }

    [Fact]
    public async Task DatesAndLandingPage_FollowTheContactsLanguage()
    {
        await (await api.PutAsJsonAsync("/api/v1/contacts/it1", new { phone = MarketingKit.Phone(1), firstName = "Giulia", language = "it", consent = new { source = "test" } })).OkJsonAsync(HttpStatusCode.Created);
        await api.ContactAsync("en1", MarketingKit.Phone(2), "Jane");
        var segment = await api.SegmentAsync(new { kind = "status", value = "active" }, "Everyone");
        var campaign = (await (await api.PostAsJsonAsync("/api/v1/campaigns", new
        {
            name = "Sale",
            segmentId = segment,
            holdoutPercent = 0,
            message = new
            {
                template = "{{coupon}} fino al {{coupon_expiry}} {{link}}",
                coupon = new { pattern = "IT-####", validDays = 14 },
                landingPage = new { headline = "Sconto" },
            },
        })).OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await api.PostAsync($"/api/v1/campaigns/{campaign}/schedule", null);
        await gateway.TickAsync();

        var expiry = gateway.Now().AddDays(14);
        var italian = System.Globalization.CultureInfo.GetCultureInfo("it");
        var texts = await DbAsync(db => db.Messages.ToDictionaryAsync(m => m.To, m => m.Text));
        Assert.Contains($"fino al {expiry.ToString("d MMM", italian)} ", texts[MarketingKit.Phone(1)]);
        Assert.DoesNotContain(expiry.ToString("MMM", System.Globalization.CultureInfo.InvariantCulture), texts[MarketingKit.Phone(1)]);
        Assert.Contains($"fino al {expiry.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture)} ", texts[MarketingKit.Phone(2)]);

        using var browser = gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await browser.GetStringAsync($"/l/{texts[MarketingKit.Phone(1)][^7..]}");
        Assert.Contains("<html lang=\"it\">", page);
        Assert.Contains("Il tuo codice", page);
        Assert.Contains(expiry.ToString("MMMM", italian), page);
        var english = await browser.GetStringAsync($"/l/{texts[MarketingKit.Phone(2)][^7..]}");
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains("Your code", english);
    }

    [Fact]
    public async Task SmallerDefects_CampaignEcho_SnakeCaseOutcome_UnknownFilters()
    {
        var contact = await api.ContactAsync("c1", MarketingKit.Phone(1), "Marta");
        await api.EventAsync("c1", "purchase", gateway.Now().AddDays(-40));
        var segment = await api.SegmentAsync(new { kind = "status", value = "active" }, "Everyone");
        var campaign = await (await api.PostAsJsonAsync("/api/v1/campaigns", new { name = "News", segmentId = segment, message = new { template = "Hello" } })).OkJsonAsync(HttpStatusCode.Created);
        var message = campaign.GetProperty("definition").GetProperty("message");
        Assert.False(message.TryGetProperty("waitDays", out _));
        Assert.False(message.TryGetProperty("onlyIfNotEngaged", out _));

        await AutomationAsync([new { name = "Survey", kind = "survey", waitDays = 0, template = "How was it?" }], timeLimitDays: 1);
        gateway.Clock().Advance(TimeSpan.FromDays(2));
        await gateway.TickAsync();
        var timeline = await (await api.GetAsync($"/api/v1/contacts/{contact}/timeline")).OkJsonAsync();
        Assert.Contains(timeline.EnumerateArray(), i => i.GetProperty("what").GetString() == "ended" && i.GetProperty("detail").GetString() == "not_engaged");

        var problem = await (await api.GetAsync("/api/v1/contacts?stauts=sleeping")).OkJsonAsync(HttpStatusCode.BadRequest);
        Assert.Contains("stauts", problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        await (await api.GetAsync($"/api/v1/segments/{segment}/contacts?limit=5&sort=name")).OkJsonAsync(HttpStatusCode.BadRequest);
        await (await api.GetAsync("/api/v1/contacts?status=active&limit=5")).OkJsonAsync();
    }
}
