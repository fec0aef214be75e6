using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReEngage.Gateway.Core.Modems;
using ReEngage.Gateway.Dashboard;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// The real gateway on Kestrel (loopback, a free port), simulated modems, and Debian's Chromium driven by
/// Playwright. One gateway and one browser for the dashboard tests; each test gets its own context (cookies).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string AdminName = "admin";
    public const string AdminPassword = "correct horse battery";

    private readonly GatewayFactory gateway = new(new()
    {
        ["Gateway:Simulation:SendDelay"] = "00:00:00.100",
        ["Gateway:Simulation:StatusReportDelay"] = "00:00:00.400",
        ["Gateway:Marketing:TickInterval"] = "01:00:00",
        ["Gateway:Marketing:PublicBaseUrl"] = "https://go.example.com",
    });
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = null!;

    public IServiceProvider Services => gateway.Services;

    public ModemRegistry Modems => gateway.Services.GetRequiredService<ModemRegistry>();

    public string? SetupCode => gateway.Services.GetRequiredService<SetupCode>().Current;

    public string DataDirectory => gateway.DataDirectory;

    /// <summary>Screenshots for the README go here when REENGAGE_SCREENSHOTS is set (tests/ReEngage.Gateway.Tests/Screenshots in the repository).</summary>
    public static string? ScreenshotDirectory => Environment.GetEnvironmentVariable("REENGAGE_SCREENSHOTS");

    public async Task InitializeAsync()
    {
        gateway.UseKestrel(0);
        gateway.StartServer();
        BaseUrl = gateway.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        for (var i = 0; i < 200 && Modems.Handles.Any(h => !h.CanSend); i++)
        {
            await Task.Delay(50);
        }

        // Generous waits: CI's two cores also run the other test classes while the browser works.
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        gateway.Dispose();
    }

    public HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayFactory.Key);
        return client;
    }

    /// <summary>A fresh browser context's page; <paramref name="locale"/> (it-IT) sets the browser's language and Accept-Language.</summary>
    public async Task<IPage> NewPageAsync(string? locale = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = locale });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>A page signed in as the admin (set up on first use).</summary>
    public async Task<IPage> AdminPageAsync(string? locale = null) => await SignedInAsync(AdminName, AdminPassword, locale);

    public async Task<IPage> SignedInAsync(string user, string password, string? locale = null)
    {
        await EnsureSetUpAsync();
        var page = await NewPageAsync(locale);
        await page.GotoAsync("/login");
        await page.FillAsync("input[name=UserName]", user);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("button[type=submit]");
        // Signed in (away from /login), or refused with the page's reason rather than a bare timeout.
        var signedIn = page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        var refused = page.Locator(".error").WaitForAsync();
        if (await Task.WhenAny(signedIn, refused) == refused && !signedIn.IsCompleted && refused.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException($"Signing in as {user} was refused: {await page.Locator(".error").InnerTextAsync()}");
        }

        await signedIn;
        return page;
    }

    private readonly SemaphoreSlim setup = new(1, 1);

    public async Task EnsureSetUpAsync()
    {
        await setup.WaitAsync();
        try
        {
            if (SetupCode is not { } code)
            {
                return;
            }

            // An Italian shop owner's browser: its language and time zone pre-fill the business page.
            var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "it-IT", TimezoneId = "Europe/Rome" });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/setup");
            await page.FillAsync("input[name=Code]", code);
            await page.FillAsync("input[name=UserName]", AdminName);
            await page.FillAsync("input[name=Password]", AdminPassword);
            await page.ClickAsync("button[type=submit]");

            // Asked once, after the account: the business, pre-filled from the browser.
            await page.WaitForURLAsync("**/setup/business");
            var business = page.Locator("#business-form");
            await Assertions.Expect(business.Locator("input[name=timeZone]")).ToHaveValueAsync("Europe/Rome");
            await Assertions.Expect(business.Locator("select[name=country]")).ToHaveValueAsync("IT");
            await Assertions.Expect(business.Locator("input[name=currency]")).ToHaveValueAsync("EUR");
            await business.Locator("input[name=publicBaseUrl]").FillAsync("https://go.example.com");
            await business.Locator("input[name=costPerPart]").FillAsync("0.05");
            await ScreenshotAsync(page, "setup-business");
            await business.Locator("button[type=submit]").ClickAsync();

            // Saved (on to the welcome page), or refused with the form's own words rather than a bare timeout.
            var welcome = page.WaitForURLAsync("**/welcome");
            var refused = business.Locator(".field-error:not(:empty), .form-error").First.WaitForAsync();
            if (await Task.WhenAny(welcome, refused) == refused && !welcome.IsCompleted && refused.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException($"The business profile was refused at first run: {await business.InnerTextAsync()}");
            }

            await welcome;
            await context.CloseAsync();
        }
        finally
        {
            setup.Release();
        }
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (ScreenshotDirectory is { } directory)
        {
            Directory.CreateDirectory(directory);
            await page.EvaluateAsync("window.scrollTo(0, 0)");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = false });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardGroup : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
