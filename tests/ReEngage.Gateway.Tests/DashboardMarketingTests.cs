using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;

namespace ReEngage.Gateway.Tests;

[Collection(DashboardGroup.Name)]
public sealed class DashboardMarketingTests(DashboardFixture fixture)
{
    [Fact]
    public async Task ImportingACsv_ShowsBadRowsByLine_ThenImportsTheFixedFile()
    {
        var page = await fixture.AdminPageAsync();
        await page.GotoAsync("/contacts/import");
        var bad = "Mobile;Vorname;tags\n+39 347 600 0001;Ada;vip\nnot-a-number;Bad;\n";
        await page.SetInputFilesAsync("input[name=file]", new FilePayload { Name = "customers.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(bad) });
        await page.SelectOptionAsync("select[name='map.phone']", "Mobile");
        await page.SelectOptionAsync("select[name='map.first_name']", "Vorname");
        await page.FillAsync("input[name=consentSource]", "shop sign-up form");
        await page.ClickAsync("#dry-run");
        await Assertions.Expect(page.Locator("#import-errors")).ToContainTextAsync("not-a-number");
        await Assertions.Expect(page.Locator("#import-errors tbody tr td").First).ToHaveTextAsync("3");
        Assert.True(await page.IsDisabledAsync("#do-import"));

        var good = "Mobile;Vorname;tags\n+39 347 600 0001;Ada;vip\n+39 347 600 0002;Bruno;\n";
        await page.SetInputFilesAsync("input[name=file]", new FilePayload { Name = "customers.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(good) });
        await page.SelectOptionAsync("select[name='map.phone']", "Mobile");
        await page.SelectOptionAsync("select[name='map.first_name']", "Vorname");
        await page.ClickAsync("#dry-run");
        await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync("The file is good: 2 rows");
        await page.ClickAsync("#do-import");
        await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync("Imported 2 rows");

        await page.GotoAsync("/contacts");
        await Assertions.Expect(page.Locator("#contacts")).ToContainTextAsync("Bruno");
        await DashboardFixture.ScreenshotAsync(page, "contacts");
    }

    [Fact]
    public async Task BuildingASegment_ShowsItsLiveCount_AndSavesIt()
    {
        using var api = fixture.Api();
        for (var i = 0; i < 3; i++)
        {
            await api.ContactAsync($"seg-{i}", $"+39347700000{i}", $"Seg{i}", tags: i == 0 ? ["gold"] : []);
        }

        var page = await fixture.AdminPageAsync();
        await page.GotoAsync("/segments");
        await page.FillAsync("input[name=name]", "Gold customers");
        await page.SelectOptionAsync(".rule-kind", "tag");
        await page.FillAsync(".rule-value", "gold");
        await Assertions.Expect(page.Locator("#segment-count")).ToHaveTextAsync("1 contact");

        // The sample names the members (it once printed their pages' URLs).
        await Assertions.Expect(page.Locator("#sample")).ToHaveTextAsync("For example: Seg0");
        await Assertions.Expect(page.Locator("#sample a")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/contacts/\\d+$"));
        await page.ClickAsync("#editor button[type=submit]");
        await Assertions.Expect(page.Locator("#segments")).ToContainTextAsync("Gold customers");
        await DashboardFixture.ScreenshotAsync(page, "segments");
    }

    [Fact]
    public async Task ConfiguringTheThreeStepAutomation_ForecastsAndActivatesIt()
    {
        using var api = fixture.Api();
        await api.ContactAsync("auto-1", "+393478000001", "Carla", tags: ["auto-ui"]);
        await api.EventAsync("auto-1", "purchase", DateTimeOffset.UtcNow.AddDays(-60));
        var segment = await api.SegmentAsync(
            new { kind = "all", rules = new object[] { new { kind = "no_event", @event = "purchase", days = 30 }, new { kind = "tag", value = "auto-ui" } } },
            "No purchase for 30 days (UI)");

        var page = await fixture.AdminPageAsync();
        await page.GotoAsync("/automations");
        await page.FillAsync("#new-automation input[name=name]", "Win back (UI)");
        await page.SelectOptionAsync("#new-automation select[name=segmentId]", segment.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#new-automation button[type=submit]");
        await page.WaitForURLAsync("**/automations/edit/*");

        // The classic three steps are there; edit the survey's text and watch the counter.
        await Assertions.Expect(page.Locator("[data-step]")).ToHaveCountAsync(3);
        var survey = page.Locator("[data-step='0'] textarea[name=template]");
        await survey.FillAsync("Ciao {{first_name|amico}}, com'è andata? Rispondi da 1 a 5. {{link}}");
        await Assertions.Expect(page.Locator("[data-step='0'] .step-counter")).ToContainTextAsync("1 part");
        await page.FillAsync("input[name=timeLimitDays]", "90");

        // New automations hold out 10 % by default; with one contact the test must not depend on the draw.
        await Assertions.Expect(page.Locator("input[name=holdoutPercent]")).ToHaveValueAsync("10");
        await page.FillAsync("input[name=holdoutPercent]", "0");

        await page.ClickAsync("#forecast-button");
        await Assertions.Expect(page.Locator("#forecast-result")).ToContainTextAsync("1 contact ·");
        await DashboardFixture.ScreenshotAsync(page, "automation");

        await page.ClickAsync("#activate");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("active");
        await Assertions.Expect(page.Locator("#report-summary")).ToContainTextAsync("Enrolled 1");

        var saved = await (await api.GetAsync("/api/v1/automations")).OkJsonAsync();
        var mine = saved.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "Win back (UI)");
        Assert.Contains("com'è andata", mine.GetProperty("definition").GetProperty("steps")[0].GetProperty("template").GetString());
    }

    [Fact]
    public async Task ASavedDraft_IsReopenedFromTheList_AndItsPageSaysNoResultsYet()
    {
        using var api = fixture.Api();
        await api.ContactAsync("draft-1", "+393479200001", "Gina", tags: ["draft-ui"]);
        var segment = await api.SegmentAsync(new { kind = "tag", value = "draft-ui" }, "Draft UI");
        var id = (await (await api.PostAsJsonAsync("/api/v1/campaigns", new { name = "Autumn draft (UI)", segmentId = segment, holdoutPercent = 10, message = new { template = "Autumn is here, {{first_name}}!" } }))
            .OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();

        var page = await fixture.AdminPageAsync();
        await page.GotoAsync("/campaigns");
        var row = page.Locator("#campaigns tr", new() { HasText = "Autumn draft (UI)" });
        await Assertions.Expect(row.Locator("button")).ToHaveTextAsync("cancel"); // a draft can still be dropped
        await row.Locator("a").ClickAsync();
        await page.WaitForURLAsync($"**/campaigns/{id}/edit");
        await Assertions.Expect(page.Locator("#compose input[name=name]")).ToHaveValueAsync("Autumn draft (UI)");
        await Assertions.Expect(page.Locator("#message textarea[name=template]")).ToHaveValueAsync("Autumn is here, {{first_name}}!");

        await page.GotoAsync($"/campaigns/{id}");
        await Assertions.Expect(page.Locator("#no-results")).ToContainTextAsync("No results yet");
        await Assertions.Expect(page.Locator("#holdout-none")).ToContainTextAsync("No results yet");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("0.0 %");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Newcombe");
    }

    [Fact]
    public async Task ComposingACampaign_PreviewsItsCost_AndSendsItLive()
    {
        using var api = fixture.Api();
        await api.ContactAsync("camp-1", "+393479100001", "Dora", tags: ["camp-ui"]);
        await api.ContactAsync("camp-2", "+393479100002", "Enzo", tags: ["camp-ui"]);
        var segment = await api.SegmentAsync(new { kind = "tag", value = "camp-ui" }, "Campaign UI");

        var page = await fixture.AdminPageAsync();
        await page.GotoAsync("/campaigns");
        await page.ClickAsync("#new-campaign");
        await page.FillAsync("#compose input[name=name]", "Flash sale (UI)");
        await page.SelectOptionAsync("#compose select[name=segmentId]", segment.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#message textarea[name=template]", "{{first_name|Hi}}, 24h flash sale: 30% off everything!");
        await Assertions.Expect(page.Locator("#compose input[name=holdoutPercent]")).ToHaveValueAsync("10");
        await page.FillAsync("#compose input[name=holdoutPercent]", "0"); // both of the two recipients get it
        await Assertions.Expect(page.Locator("#message .step-counter")).ToContainTextAsync("1 part");
        await page.ClickAsync("#preview-button");
        await Assertions.Expect(page.Locator("#campaign-preview")).ToContainTextAsync("2 recipients");
        await Assertions.Expect(page.Locator("#campaign-preview")).ToContainTextAsync("Dora, 24h flash sale");

        // Previewing again saves the same draft: one campaign, and its address is the draft's.
        await page.ClickAsync("#preview-button");
        await Assertions.Expect(page.Locator("#campaign-preview")).ToContainTextAsync("2 recipients");
        var campaigns = (await (await api.GetAsync("/api/v1/campaigns")).OkJsonAsync()).EnumerateArray().Where(c => c.GetProperty("name").GetString() == "Flash sale (UI)").ToList();
        var id = Assert.Single(campaigns).GetProperty("id").GetInt64();
        Assert.EndsWith($"/campaigns/{id}/edit", page.Url, StringComparison.Ordinal);

        // Sending asks first: who, what it costs, when.
        await page.ClickAsync("#send-button");
        var confirm = page.Locator("#send-confirm");
        await Assertions.Expect(confirm).ToContainTextAsync("2 people will get this SMS");
        await Assertions.Expect(confirm).ToContainTextAsync("€0.10");
        await Assertions.Expect(confirm).ToContainTextAsync("Goes out: now");
        await DashboardFixture.ScreenshotAsync(page, "campaign-confirm");
        await page.ClickAsync("#send-confirm-yes");
        await page.WaitForURLAsync($"**/campaigns/{id}");

        // Completed when its last message is delivered (the marketing tick after that says so), not when queued.
        for (var i = 0; i < 200; i++)
        {
            var messages = (await (await api.GetAsync("/api/v1/messages?limit=500")).OkJsonAsync()).GetProperty("items").EnumerateArray()
                .Where(m => m.GetProperty("to").GetString()!.StartsWith("+39347910000", StringComparison.Ordinal)).ToList();
            if (messages.Count == 2 && messages.All(m => m.GetProperty("status").GetString() == "delivered"))
            {
                break;
            }

            await Task.Delay(100);
        }

        await fixture.Services.GetRequiredService<ReEngage.Gateway.Core.Marketing.MarketingScheduler>().TickAsync(CancellationToken.None);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#campaign-status")).ToHaveTextAsync("completed");
        await Assertions.Expect(page.Locator("#campaign-counts")).ToContainTextAsync("Sent 2 · delivered 2");
        await Assertions.Expect(page.Locator("#campaign-actions button")).ToHaveCountAsync(0); // nothing left to cancel
        await page.GotoAsync("/campaigns");
        await Assertions.Expect(page.Locator("#campaigns tr", new() { HasText = "Flash sale (UI)" })).ToContainTextAsync("completed");
        await Assertions.Expect(page.Locator("#campaigns tr", new() { HasText = "Flash sale (UI)" }).Locator("button")).ToHaveCountAsync(0);

        // In words: the message's parts, and the contact's timeline names the campaign.
        await page.GotoAsync("/messages");
        await Assertions.Expect(page.Locator("#messages tr", new() { HasText = "+393479100001" }).Locator("td.parts")).ToHaveTextAsync("1 part");
        var dora = (await (await api.GetAsync("/api/v1/contacts/by-external-id/camp-1")).OkJsonAsync()).GetProperty("id").GetInt64();
        await page.GotoAsync($"/contacts/{dora}");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync($"Campaign #{id}");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("message sent");

        // The overview counts today's messages, the campaign's among them.
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#stat-modems")).ToContainTextAsync("2 / 2");
        Assert.True(int.Parse(await page.Locator("#stat-queued b").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture)
            + int.Parse(await page.Locator("#stat-sent b").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture)
            + int.Parse(await page.Locator("#stat-delivered b").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture)
            + int.Parse(await page.Locator("#stat-sending b").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 2);
        await DashboardFixture.ScreenshotAsync(page, "overview");
    }

    [Fact]
    public async Task AddingAContactByHand_ShowsTheErrorNextToTheField_AndKeepsWhatWasTyped()
    {
        var page = await fixture.AdminPageAsync();
        await page.GotoAsync("/contacts");
        await page.ClickAsync("#new-contact-box summary");
        await page.FillAsync("#new-contact input[name=phone]", "12");
        await page.FillAsync("#new-contact input[name=firstName]", "Gina");
        await page.FillAsync("#new-contact input[name=consent]", "asked at the till");
        await page.ClickAsync("#new-contact button[type=submit]");
        await Assertions.Expect(page.Locator("#new-contact [data-for=phone]")).Not.ToBeEmptyAsync();
        Assert.Equal("Gina", await page.InputValueAsync("#new-contact input[name=firstName]"));

        await page.FillAsync("#new-contact input[name=phone]", "+39 347 920 0001");
        await page.ClickAsync("#new-contact button[type=submit]");
        await Assertions.Expect(page.Locator("#contacts")).ToContainTextAsync("Gina");

        // Coupon codes from the shop's till go into a pool from the automations page.
        await page.GotoAsync("/automations");
        await page.FillAsync("#coupon-pool input[name=pool]", "till-ui");
        await page.FillAsync("#coupon-pool textarea[name=codes]", "TILL-001\nTILL-002\n\nTILL-001");
        await page.ClickAsync("#coupon-pool button[type=submit]");
        await Assertions.Expect(page.Locator(".toast")).ToContainTextAsync("2 codes added to till-ui");
    }

    [Fact]
    public async Task Roles_TechnicianWorksTheModems_ButCannotChangeMarketingOrSettings()
    {
        var admin = await fixture.AdminPageAsync();
        await admin.GotoAsync("/settings");
        await admin.FillAsync("#new-user input[name=userName]", "tech");
        await admin.FillAsync("#new-user input[name=password]", "technician-password");
        await admin.SelectOptionAsync("#new-user select[name=role]", "technician");
        await admin.ClickAsync("#new-user button[type=submit]");
        await Assertions.Expect(admin.Locator("#users")).ToContainTextAsync("tech");
        await DashboardFixture.ScreenshotAsync(admin, "settings");

        var tech = await fixture.SignedInAsync("tech", "technician-password");
        await Assertions.Expect(tech.Locator("nav")).Not.ToContainTextAsync("Settings");
        await tech.GotoAsync("/settings");
        Assert.Contains("/denied", tech.Url);

        await tech.GotoAsync("/modems");
        await Assertions.Expect(tech.Locator("[data-modem=sim-1] .at-console")).ToBeVisibleAsync();
        await tech.GotoAsync("/messages");
        await Assertions.Expect(tech.Locator("#send")).ToHaveCountAsync(0);

        // Read-only elsewhere, also when calling the API from the browser session directly.
        var status = await tech.EvaluateAsync<int>("""
            async () => (await fetch('/api/v1/contacts', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': document.querySelector('meta[name=csrf]').content },
              body: JSON.stringify({ phone: '+393479999999' }) })).status
            """);
        Assert.Equal(403, status);
        var read = await tech.EvaluateAsync<int>("async () => (await fetch('/api/v1/contacts')).status");
        Assert.Equal(200, read);
        var keys = await tech.EvaluateAsync<int>("async () => (await fetch('/api/v1/keys')).status");
        Assert.Equal(403, keys);
        var backup = await tech.EvaluateAsync<int>("async () => (await fetch('/api/v1/backup')).status");
        Assert.Equal(403, backup);

        // The admin downloads a backup from the settings page; a fleet's is taken on its PostgreSQL server, and the page says how.
        await admin.GotoAsync("/settings");
        if (TestEngine.IsPostgres)
        {
            Assert.Contains("pg_dump", await admin.InnerTextAsync("#backup-postgres"), StringComparison.Ordinal);
            Assert.Equal(0, await admin.Locator("#backup").CountAsync());
        }
        else
        {
            var download = await admin.RunAndWaitForDownloadAsync(() => admin.ClickAsync("#backup"));
            Assert.EndsWith(".db", download.SuggestedFilename);
        }

        // Without the antiforgery token, a session cannot change anything.
        var forged = await admin.EvaluateAsync<int>("async () => (await fetch('/api/v1/keys', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{\"name\":\"x\"}' })).status");
        Assert.Equal(400, forged);
    }

    [Fact]
    public async Task AnonymousBrowser_SeesNoData()
    {
        await fixture.EnsureSetUpAsync(); // before the first account exists every page leads to /setup instead
        using var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/contacts")).StatusCode);
        var page = await client.GetAsync("/contacts");
        Assert.Contains("/login", page.RequestMessage!.RequestUri!.ToString());
    }
}
