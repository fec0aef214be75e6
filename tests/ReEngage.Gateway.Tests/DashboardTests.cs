using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ReEngage.Gateway.Tests;

[Collection(DashboardGroup.Name)]
public sealed partial class DashboardTests(DashboardFixture fixture)
{
    private static Task Expect(ILocator locator) => Assertions.Expect(locator).ToBeVisibleAsync();

    [Fact]
    public async Task Setup_CreatesTheAdmin_ThenLoginIsRequired_AndWrongPasswordsLockTheAccount()
    {
        await fixture.EnsureSetUpAsync();
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/");
        Assert.EndsWith("/login?ReturnUrl=%2F", page.Url);
        await page.GotoAsync("/setup");
        Assert.Contains("/login", page.Url); // setup is done: no second admin through it

        await page.GotoAsync("/login");
        await page.FillAsync("input[name=UserName]", DashboardFixture.AdminName);
        await page.FillAsync("input[name=Password]", "wrong password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".error")).ToContainTextAsync("Wrong user name or password");
        Assert.Equal(DashboardFixture.AdminName, await page.InputValueAsync("input[name=UserName]"));

        var admin = await fixture.AdminPageAsync();
        await Assertions.Expect(admin.Locator("#who")).ToContainTextAsync("admin");
    }

    [Fact]
    public async Task ModemCard_UpdatesLive_WhenTheSimulatedModemsSignalChanges()
    {
        var page = await fixture.AdminPageAsync();
        await page.GotoAsync("/modems");
        var card = page.Locator("[data-modem=sim-1]");
        await Expect(card);
        await Assertions.Expect(card.Locator(".state")).ToHaveTextAsync("online");

        using var api = fixture.Api();
        (await api.PostAsJsonAsync("/api/v1/simulation/modems/sim-1/signal", new { rssi = 5 })).EnsureSuccessStatusCode(); // −103 dBm

        await Assertions.Expect(card.Locator(".signal")).ToContainTextAsync("-103 dBm");
        await DashboardFixture.ScreenshotAsync(page, "modems");

        // The AT console answers with the modem's raw reply.
        await card.Locator(".at-console input").FillAsync("AT+CSQ");
        await card.Locator(".at-console button").ClickAsync();
        await Assertions.Expect(card.Locator("pre.console")).ToContainTextAsync("+CSQ: 5");
    }

    [Fact]
    public async Task SendingByHand_ShowsTheCounter_AndTheMessageReachesDeliveredWithoutAReload()
    {
        var page = await fixture.AdminPageAsync();
        await page.GotoAsync("/messages");
        await page.FillAsync("#send textarea[name=text]", "Ciao! Il tuo ordine è pronto — passa a ritirarlo");
        await Assertions.Expect(page.Locator("#counter")).ToContainTextAsync("UCS-2 because of: —");
        await page.FillAsync("#send input[name=to]", "not a number");
        await page.ClickAsync("#send button[type=submit]");
        await Assertions.Expect(page.Locator("#send [data-for=to]")).Not.ToBeEmptyAsync();
        Assert.Equal("Ciao! Il tuo ordine è pronto — passa a ritirarlo", await page.InputValueAsync("#send textarea[name=text]"));

        await page.FillAsync("#send input[name=to]", "+39 347 555 0101");
        await page.ClickAsync("#send button[type=submit]");
        await Assertions.Expect(page.Locator("#sent")).ToContainTextAsync("accepted");
        var id = MessageId().Match(await page.Locator("#sent").InnerTextAsync()).Groups[1].Value;
        await Assertions.Expect(page.Locator($"#messages tr[data-id='{id}'] .status")).ToHaveTextAsync("delivered", new() { Timeout = 20_000 });
        await DashboardFixture.ScreenshotAsync(page, "messages");
    }

    [Fact]
    public async Task OnAPhone_ThePagesFitTheScreen_AndTheMenuOpens()
    {
        await fixture.EnsureSetUpAsync();
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.BaseUrl, ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=UserName]", DashboardFixture.AdminName);
        await page.FillAsync("input[name=Password]", DashboardFixture.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));

        foreach (var path in new[] { "/", "/modems", "/messages", "/contacts", "/segments", "/automations", "/campaigns", "/settings" })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} is {overflow}px wider than the phone");
        }

        Assert.False(await page.Locator("header nav").IsVisibleAsync());
        await page.ClickAsync(".menu-button");
        await Assertions.Expect(page.Locator("header nav")).ToBeVisibleAsync();
        await DashboardFixture.ScreenshotAsync(page, "phone");
        await context.CloseAsync();
    }

    [GeneratedRegex(@"Message (\d+) accepted")]
    private static partial Regex MessageId();
}
