using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReEngage.Gateway.Localization;

namespace ReEngage.Gateway.Tests.Localization;

/// <summary>
/// An Italian shop owner's opt-outs in the dashboard: a customer's "Basta, non scrivetemi più" opts her out, the
/// inbound list and her page say which keyword did it, the owner undoes it (with a reason), records an opt-out
/// the customer asked for in the shop, and adds a word of their own in Settings.
/// </summary>
[Collection(DashboardGroup.Name)]
public sealed class ItalianOptOutDashboardTests(DashboardFixture fixture)
{
    private const string Phone = "+393475550901";

    [Fact]
    public async Task Basta_OptsOut_ThePageShowsWhy_UndoRestoresIt_AndOptOutRecordsARequest()
    {
        long id;
        using (var api = fixture.Api())
        {
            var created = await api.PostAsJsonAsync("/api/v1/contacts", new { phone = Phone, firstName = "Giulia", language = "it", consent = new { source = "negozio" } });
            id = (await created.OkJsonAsync(System.Net.HttpStatusCode.Created)).GetProperty("id").GetInt64();
        }

        var page = await fixture.AdminPageAsync("it-IT");
        page.Dialog += async (_, dialog) =>
        {
            if (dialog.Type == DialogType.Prompt)
            {
                await dialog.AcceptAsync("Chiedeva del parcheggio, non dei messaggi");
            }
            else
            {
                await dialog.AcceptAsync();
            }
        };
        await page.GotoAsync("/messages");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // The customer answers from her phone (the simulated modem receives it); the inbound list shows why she left.
        using (var api = fixture.Api())
        {
            (await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = Phone, text = "Basta, non scrivetemi più" })).EnsureSuccessStatusCode();
        }

        var reason = page.Locator("#inbound tr", new() { HasText = "Basta, non scrivetemi più" }).Locator(".optout-reason");
        await Assertions.Expect(reason).ToContainTextAsync("Opt-out: riconosciuto BASTA (it)");
        await reason.Locator("a").ClickAsync();
        await page.WaitForURLAsync($"**/contacts/{id}");
        await Assertions.Expect(page.Locator("h1 .pill")).ToHaveTextAsync("escluso");
        await Assertions.Expect(page.Locator("#keyword-optouts")).ToContainTextAsync("Opt-out: riconosciuto BASTA (it)");
        await DashboardFixture.ScreenshotAsync(page, "contact-optout-it");

        // A wrong reading: undone with a reason, which stays on the page.
        await page.Locator("#undo-optout").ClickAsync();
        await Assertions.Expect(page.Locator("h1 .pill")).ToHaveTextAsync("attivo");
        await Assertions.Expect(page.Locator("#keyword-optouts")).ToContainTextAsync("Chiedeva del parcheggio, non dei messaggi");
        await Assertions.Expect(page.Locator("#undo-optout")).ToHaveCountAsync(0);

        // The customer asks in the shop: the owner records it beside GDPR erase, after a confirmation.
        await Assertions.Expect(page.Locator("#opt-out")).ToHaveTextAsync("Opt-out");
        await page.Locator("#opt-out").ClickAsync();
        await Assertions.Expect(page.Locator("h1 .pill")).ToHaveTextAsync("escluso");
        await Assertions.Expect(page.Locator("#opt-out")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#erase")).ToBeVisibleAsync();
        using (var api = fixture.Api())
        {
            var contact = await (await api.GetAsync($"/api/v1/contacts/{id}")).OkJsonAsync();
            Assert.Equal("opted_out", contact.GetProperty("status").GetString());
        }

        Assert.Empty(await page.EvaluateAsync<string[]>("RE.missing"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheOwner_AddsAnItalianWord_AndTriesAReply()
    {
        var page = await fixture.AdminPageAsync("it-IT");
        await page.GotoAsync("/settings");
        var form = page.Locator("#keyword-sets");
        await Assertions.Expect(form.Locator("select[name=language] option[value=it]")).ToHaveTextAsync("italiano");
        await form.Locator("select[name=language]").SelectOptionAsync("it");
        await Assertions.Expect(form.Locator("textarea[name=optOut]")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("BASTA"));
        var words = await form.Locator("textarea[name=optOut]").InputValueAsync();
        await form.Locator("textarea[name=optOut]").FillAsync(words + ", SPARITE");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(form.Locator("#keyword-changes")).ToContainTextAsync("Aggiunte da te: SPARITE");

        await form.Locator("input[name=try]").FillAsync("Sparite!! grazie");
        await form.Locator("#keyword-try-button").ClickAsync();
        await Assertions.Expect(form.Locator("#keyword-try")).ToHaveTextAsync("Opt-out: riconosciuto SPARITE (it)");
        await form.Locator("input[name=try]").FillAsync("basta così grazie, arrivo alle 5");
        await form.Locator("#keyword-try-button").ClickAsync();
        await Assertions.Expect(form.Locator("#keyword-try")).ToHaveTextAsync("Una risposta normale: nessuna parola chiave.");
        if (DashboardFixture.ScreenshotDirectory is { } directory)
        {
            // The section itself: the page's screenshot shows its top.
            Directory.CreateDirectory(directory);
            await form.ScreenshotAsync(new() { Path = Path.Combine(directory, "settings-keywords-it.png") });
        }

        Assert.Empty(await page.EvaluateAsync<string[]>("RE.missing"));
        Assert.Empty(fixture.Services.GetRequiredService<MissingTexts>().All);
        await page.Context.CloseAsync();
    }
}
