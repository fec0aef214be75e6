using System.Net.Http.Json;
using Microsoft.Playwright;

namespace ReEngage.Gateway.Tests.Localization;

/// <summary>The shop owner answers a customer from the contact page, in Italian, from the SIM the customer wrote to.</summary>
[Collection(DashboardGroup.Name)]
public sealed class ItalianConversationTests(DashboardFixture fixture)
{
    [Fact]
    public async Task AReplyFromTheContactPage_GoesOutFromTheSimTheCustomerWroteTo_AndShowsItsState()
    {
        const string phone = "+393471500001";
        long contact;
        using (var api = fixture.Api())
        {
            contact = await api.ContactAsync("conv-it-1", phone, "Lucia");
            (await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = phone, text = "Avete ancora la borsa rossa?", modem = "sim-2" })).EnsureSuccessStatusCode();
        }

        var page = await fixture.AdminPageAsync("it-IT");
        await page.GotoAsync($"/contacts/{contact}");
        await Assertions.Expect(page.Locator("#conversation-thread")).ToContainTextAsync("Avete ancora la borsa rossa?");
        await Assertions.Expect(page.Locator("#conversation-from")).ToContainTextAsync("sim-2");

        await page.FillAsync("#conversation-reply textarea", "Sì, gliela teniamo fino a sabato");
        await page.ClickAsync("#conversation-reply button[type=submit]");
        var reply = page.Locator(".bubble.out", new() { HasText = "gliela teniamo" });
        await Assertions.Expect(reply).ToBeVisibleAsync();
        await Assertions.Expect(reply.Locator(".pill.delivered")).ToBeVisibleAsync(new() { Timeout = 15_000 }); // live, without a reload
        await Assertions.Expect(reply).ToContainTextAsync("sim-2");

        // The inbound list links the customer's number to this page.
        await page.GotoAsync("/messages");
        await page.ClickAsync($"#inbound a[href='/contacts/{contact}']");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/contacts/{contact}$"));
    }
}
