using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReEngage.Gateway.Localization;

namespace ReEngage.Gateway.Tests.Localization;

/// <summary>The dashboard in an Italian browser, the language picker, and the language of what is served without a browser.</summary>
[Collection(DashboardGroup.Name)]
public sealed partial class ItalianDashboardTests(DashboardFixture fixture)
{
    // Every text node a person sees (data in table bodies only where it is the page's own: pills and buttons),
    // the placeholders and the options of the selects.
    private const string VisibleTexts = """
        () => {
          const out = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const p = n.parentElement;
            if (!p || ['SCRIPT', 'STYLE', 'OPTION'].includes(p.tagName) || !p.checkVisibility()) continue;
            if (p.closest('tbody') && !p.closest('.pill, button')) continue;
            const text = n.textContent.trim();
            if (text) out.push(text);
          }
          document.querySelectorAll('[placeholder]').forEach(e => out.push(e.placeholder));
          document.querySelectorAll('option').forEach(o => out.push(o.textContent.trim()));
          return out;
        }
        """;

    [Fact]
    public async Task EveryMainPage_IsItalian_InAnItalianBrowser()
    {
        using (var api = fixture.Api())
        {
            (await api.PostAsJsonAsync("/api/v1/messages", new { to = "+39 347 555 0177", text = "Il tuo ordine è pronto" })).EnsureSuccessStatusCode();
        }

        var page = await fixture.AdminPageAsync("it-IT");
        var english = UntranslatedEnglish();
        var pages = new[]
        {
            ("/", "Panoramica"), ("/modems", "Modem"), ("/messages", "Messaggi"), ("/contacts", "Contatti"), ("/contacts/import", "Importa contatti o eventi"),
            ("/segments", "Segmenti"), ("/automations", "Automazioni"), ("/campaigns", "Campagne"), ("/settings", "Impostazioni"),
        };
        foreach (var (path, heading) in pages)
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            Assert.Equal("it", await page.GetAttributeAsync("html", "lang"));
            var shown = await page.EvaluateAsync<string[]>(VisibleTexts);
            Assert.Empty(shown.Where(english.Contains).Select(text => $"{path} shows \"{text}\" in English"));
            Assert.Empty(await page.EvaluateAsync<string[]>("RE.missing"));
            if (path == "/messages")
            {
                await Assertions.Expect(page.Locator("#send button[type=submit]")).ToHaveTextAsync("Invia");
                await Assertions.Expect(page.Locator("#messages tbody tr").First.Locator(".status")).Not.ToBeEmptyAsync();
                // 16/05/26, 10:30 in Italian (5/16/26, 10:30 AM in American English).
                await Assertions.Expect(page.Locator("#messages tbody tr").First.Locator("td").Last).ToHaveTextAsync(ItalianDateTime());
            }
            else if (path == "/settings")
            {
                // The configured 0.05 EUR per part, as an Italian reads money.
                await Assertions.Expect(page.Locator("#rules")).ToContainTextAsync(ItalianEuros());
            }
            else if (path == "/modems")
            {
                await Assertions.Expect(page.Locator("[data-modem=sim-1] .state")).ToHaveTextAsync("in linea");
            }
        }

        await Assertions.Expect(page.Locator("header nav")).ToContainTextAsync("Impostazioni");
        await DashboardFixture.ScreenshotAsync(page, "settings-it");
        Assert.Empty(fixture.Services.GetRequiredService<MissingTexts>().All);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ThePicker_ChangesTheLanguage_AndRomanianShowsEnglishWhereItHasNoTranslation()
    {
        var page = await fixture.AdminPageAsync("en-US");
        await page.GotoAsync("/messages");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Messages");

        await page.SelectOptionAsync("#language select[name=culture]", "it");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Messaggi");
        Assert.Equal("it", await page.GetAttributeAsync("html", "lang"));
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Panoramica"); // the choice is kept, over the browser's English

        await page.SelectOptionAsync("#language select[name=culture]", "ro");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Prezentare generală");
        await Assertions.Expect(page.Locator("h2").First).ToHaveTextAsync("Modemuri");
        await Assertions.Expect(page.Locator("#stat-rate span")).ToHaveTextAsync("Parts per minute (5 min)"); // not in DashboardText.ro.resx

        await page.SelectOptionAsync("#language select[name=culture]", "en");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithoutABrowser_AcceptLanguageChoosesThePageLanguage_AndTheApiStaysEnglish()
    {
        await fixture.EnsureSetUpAsync();
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(fixture.BaseUrl) };

        var login = await SendAsync(http, "/login", "it-IT,it;q=0.9,en;q=0.5");
        Assert.Contains("<html lang=\"it\">", login, StringComparison.Ordinal);
        Assert.Contains(">Accedi</button>", login, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", await SendAsync(http, "/login", "de-DE"), StringComparison.Ordinal); // not offered: English
        Assert.Contains(">Autentificare</button>", await SendAsync(http, "/login", "it", "reengage.language=c%3Dro%7Cuic%3Dro"), StringComparison.Ordinal); // the picked language wins

        var missing = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/l/no-such-code") { Headers = { { "Accept-Language", "it" } } });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Questo link non esiste", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var script = await SendAsync(http, "/i18n/it.js", null);
        Assert.Contains("\"Overview\":\"Panoramica\"", script, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/i18n/xx.js")).StatusCode);

        using var api = fixture.Api();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/messages/recent?limit=1&status=nonsense") { Headers = { { "Accept-Language", "it" } } };
        var problem = await (await api.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Panoramica", problem, StringComparison.Ordinal);
        Assert.Matches("[a-z]{4,}", problem); // English problem details, as before
    }

    /// <summary>English texts whose Italian differs: seeing one on an Italian page means a string skipped the localizer.</summary>
    private static HashSet<string> UntranslatedEnglish()
    {
        var english = ResourceFiles.Read("DashboardText");
        var italian = ResourceFiles.Read("DashboardText", "it");
        return [.. english.Where(e => italian[e.Key] != e.Value && LetterRun().IsMatch(e.Value)).Select(e => e.Value.Trim())];
    }

    private static async Task<string> SendAsync(HttpClient http, string path, string? language, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (language is not null)
        {
            request.Headers.Add("Accept-Language", language);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex(@"\p{L}{3,}")]
    private static partial Regex LetterRun();

    [GeneratedRegex(@"^\d{2}/\d{2}/\d{2}, \d{2}:\d{2}$")]
    private static partial Regex ItalianDateTime();

    [GeneratedRegex(@"0,05\s€")]
    private static partial Regex ItalianEuros();
}
