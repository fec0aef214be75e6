using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// Plays the classic three-step automation over 120 days of a fake clock for 300 contacts, with a gateway
/// restart on day 45, and checks contact by contact who got which step on which day and how each ended.
/// </summary>
public sealed class AutomationRunTests
{
    private const int Contacts = 300;

    private enum Behaviour
    {
        Ignores,      // gets all three steps, unsubscribed at the end
        Clicks,       // clicks the survey link on day 2: reactivated, nothing more
        EntersContest, // replies WIN to the contest on day 31: reactivated
        Redeems,      // redeems the coupon on day 62: reactivated
        LateIgnores,  // enters the segment on day 20, ignores everything
        Regular,      // buys every 15 days: never enrolled
        Stops,        // replies STOP on day 5: opted out, the run ends that day
    }

    private static Behaviour Of(int i) => i % 12 == 0 ? Behaviour.Stops : (Behaviour)(i % 6);

    [Fact]
    public async Task ClassicAutomation_120Days_ContactByContact_AcrossARestart()
    {
        var gateway = MarketingKit.Gateway(Directory.CreateTempSubdirectory("reengage-auto-").FullName);
        var dataDirectory = gateway.DataDirectory;
        var api = gateway.Api();
        await gateway.WaitForModemsAsync();
        var start = gateway.Now();

        for (var i = 0; i < Contacts; i++)
        {
            await api.ContactAsync($"c{i}", MarketingKit.Phone(i), i % 3 == 0 ? null : $"Name{i}");
            var lastPurchase = Of(i) switch
            {
                Behaviour.LateIgnores => start.AddDays(-10).AddHours(-1),
                Behaviour.Regular => start.AddDays(-5),
                _ => start.AddDays(-40),
            };
            await api.EventAsync($"c{i}", "purchase", lastPurchase);
        }

        var segment = await api.SegmentAsync(new { kind = "no_event", @event = "purchase", days = 30 }, "No purchase for 30 days");
        var automation = (await (await api.PostAsJsonAsync("/api/v1/automations", new { name = "Win back", segmentId = segment, frequencyCap = 3, holdoutPercent = 0 })).OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();

        var forecast = await (await api.GetAsync($"/api/v1/automations/{automation}/forecast?limit=1000")).OkJsonAsync();
        // The forecast assumes nobody comes back: the regular buyers too would enter on day 25.
        var enrolling = Enumerable.Range(0, Contacts).Count(i => Of(i) != Behaviour.Regular);
        Assert.Equal(Contacts, forecast.GetProperty("contacts").GetInt32());
        Assert.Equal(Contacts * 3, forecast.GetProperty("messages").GetInt32());
        Assert.True(forecast.GetProperty("cost").GetDecimal() > 0);
        int[] Planned(int contact) => [.. forecast.GetProperty("schedule").EnumerateArray().Single(c => c.GetProperty("phone").GetString() == MarketingKit.Phone(contact))
            .GetProperty("steps").EnumerateArray().Select(s => DaysFrom(start, s.GetProperty("date").GetString()!))];
        Assert.Equal([0, 30, 60], Planned(1));
        Assert.Equal([20, 50, 80], Planned(4));
        Assert.Equal([25, 55, 85], Planned(5));

        await api.PostAsync($"/api/v1/automations/{automation}/activate", null);

        for (var day = 0; day <= 120; day++)
        {
            if (day == 45)
            {
                // Restart in the middle: a new process over the same database; the simulated clock is kept.
                var before = gateway.Now();
                api.Dispose();
                gateway.Dispose();
                gateway = MarketingKit.Gateway(dataDirectory);
                api = gateway.Api();
                await gateway.WaitForModemsAsync();
                Assert.InRange(gateway.Now() - before, TimeSpan.Zero, TimeSpan.FromMinutes(1));
            }

            await BehaveAsync(gateway, api, day, automation);
            await gateway.TickAsync();
            gateway.Clock().Advance(TimeSpan.FromDays(1));
        }

        await using (var scope = gateway.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            var contacts = await db.Contacts.AsNoTracking().ToDictionaryAsync(c => c.ExternalId!);
            var sends = await db.Sends.AsNoTracking().Where(s => s.Outcome == SendOutcome.Sent).ToListAsync();
            var runs = await db.Runs.AsNoTracking().ToListAsync();
            var responses = await db.Responses.AsNoTracking().ToListAsync();
            for (var i = 0; i < Contacts; i++)
            {
                var contact = contacts[$"c{i}"];
                var got = sends.Where(s => s.ContactId == contact.Id).OrderBy(s => s.At).Select(s => (s.Step, Day: (int)Math.Floor((s.At - start).TotalDays))).ToList();
                var run = runs.SingleOrDefault(r => r.ContactId == contact.Id);
                var (steps, status, outcome, endDay) = Of(i) switch
                {
                    Behaviour.Ignores => (new[] { (0, 0), (1, 30), (2, 60) }, ContactStatus.Unsubscribed, RunOutcome.NotEngaged, 90),
                    Behaviour.Clicks => ([(0, 0)], ContactStatus.Active, RunOutcome.Reactivated, 2),
                    Behaviour.EntersContest => ([(0, 0), (1, 30)], ContactStatus.Active, RunOutcome.Reactivated, 31),
                    Behaviour.Redeems => ([(0, 0), (1, 30), (2, 60)], ContactStatus.Active, RunOutcome.Reactivated, 62),
                    Behaviour.LateIgnores => ([(0, 20), (1, 50), (2, 80)], ContactStatus.Unsubscribed, RunOutcome.NotEngaged, 110),
                    Behaviour.Stops => ([(0, 0)], ContactStatus.OptedOut, RunOutcome.Left, 5),
                    _ => (Array.Empty<(int, int)>(), ContactStatus.Active, (RunOutcome?)null, -1),
                };
                Assert.True(steps.SequenceEqual(got), $"c{i} ({Of(i)}): expected {string.Join(' ', steps)} got {string.Join(' ', got)}");
                Assert.True(status == contact.Status, $"c{i} ({Of(i)}): status {contact.Status}");
                Assert.Equal(outcome, run?.Outcome);
                if (run is not null)
                {
                    Assert.True(endDay == (int)Math.Floor((run.EndedAt!.Value - start).TotalDays), $"c{i} ({Of(i)}): ended on day {(run.EndedAt!.Value - start).TotalDays:0.0}");
                }

                if (Of(i) == Behaviour.EntersContest)
                {
                    var entry = Assert.Single(responses, r => r.ContactId == contact.Id);
                    Assert.Equal(("entry", "WIN", 1), (entry.Kind, entry.Text, entry.Step));
                }
            }

            Assert.DoesNotContain(responses, r => r.Text.Contains("STOP", StringComparison.OrdinalIgnoreCase));
        }

        var report = await (await api.GetAsync($"/api/v1/automations/{automation}/report")).OkJsonAsync();
        int Count(Behaviour b) => Enumerable.Range(0, Contacts).Count(i => Of(i) == b);
        Assert.Equal(enrolling, report.GetProperty("enrolled").GetInt32());
        Assert.Equal(Count(Behaviour.Clicks) + Count(Behaviour.EntersContest) + Count(Behaviour.Redeems), report.GetProperty("reactivated").GetInt32());
        Assert.Equal(Count(Behaviour.Ignores) + Count(Behaviour.LateIgnores), report.GetProperty("unsubscribed").GetInt32());
        var steps0 = report.GetProperty("steps")[0];
        Assert.Equal(enrolling, steps0.GetProperty("sent").GetInt32());
        Assert.Equal(Count(Behaviour.Clicks), steps0.GetProperty("clicked").GetInt32());
        Assert.Equal(Count(Behaviour.EntersContest), report.GetProperty("steps")[1].GetProperty("replied").GetInt32());
        Assert.Equal(Count(Behaviour.Redeems), report.GetProperty("steps")[2].GetProperty("couponsRedeemed").GetInt32());
        Assert.True(report.GetProperty("costPerReactivated").GetDecimal() > 0);

        api.Dispose();
        gateway.KeepData = false;
        gateway.Dispose();
    }

    private static int DaysFrom(DateTimeOffset start, string date)
    {
        var rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
        var startDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, rome).DateTime);
        return DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture).DayNumber - startDay.DayNumber;
    }

    private static async Task BehaveAsync(GatewayFactory gateway, HttpClient api, int day, long automation)
    {
        using var browser = gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var now = gateway.Now();
        var replies = 0;
        for (var i = 0; i < Contacts; i++)
        {
            var behaviour = Of(i);
            switch ((behaviour, day))
            {
                case (Behaviour.Regular, _) when day % 15 == 10:
                    await api.EventAsync($"c{i}", "purchase", now);
                    break;
                case (Behaviour.Clicks, 2):
                    var click = await browser.GetAsync($"/s/{await SendAsync(gateway, i, 0, s => s.LinkCode)}");
                    Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);
                    var landing = await browser.GetStringAsync(click.Headers.Location!.OriginalString);
                    Assert.Contains("We&#x27;d love your opinion", landing);
                    break;
                case (Behaviour.EntersContest, 31):
                    await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = MarketingKit.Phone(i), text = "WIN" });
                    replies++;
                    break;
                case (Behaviour.Stops, 5):
                    await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = MarketingKit.Phone(i), text = "stop" });
                    replies++;
                    break;
                case (Behaviour.Redeems, 62):
                    var code = await SendAsync(gateway, i, 2, s => s.CouponCode);
                    await (await api.PostAsJsonAsync($"/api/v1/coupons/{code}/redeem", new { value = 30.0 })).OkJsonAsync();
                    break;
            }
        }

        // Inbound SMS travel through the simulated modem; wait until the gateway has stored them.
        await WaitForInboundAsync(api, replies);
    }

    private static int inboundSeen;

    private static async Task WaitForInboundAsync(HttpClient api, int expected)
    {
        if (expected == 0)
        {
            return;
        }

        for (var attempt = 0; attempt < 400; attempt++)
        {
            var count = (await (await api.GetAsync("/api/v1/inbound?limit=500")).OkJsonAsync()).GetArrayLength();
            if (count >= inboundSeen + expected)
            {
                inboundSeen = count;
                await Task.Delay(200); // the marketing observer runs right after the SMS is stored
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the simulated replies never arrived");
    }

    private static async Task<string> SendAsync(GatewayFactory gateway, int contact, int step, Func<MarketingSend, string?> pick)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var phone = MarketingKit.Phone(contact);
        var id = await db.Contacts.Where(c => c.Phone == phone).Select(c => c.Id).SingleAsync();
        var send = await db.Sends.AsNoTracking().SingleAsync(s => s.ContactId == id && s.Step == step && s.Outcome == SendOutcome.Sent);
        return pick(send) ?? throw new InvalidOperationException($"contact {contact} step {step} has no code");
    }
}
