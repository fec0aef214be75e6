using Microsoft.Playwright;

namespace ReEngage.Gateway.Tests.Localization;

/// <summary>An Italian shop owner imports the customer list as Excel wrote it: fields in words, dates day first, the last purchase beside the name.</summary>
[Collection(DashboardGroup.Name)]
public sealed class ItalianImportTests(DashboardFixture fixture)
{
    [Fact]
    public async Task AnExcelListWithDayFirstDates_IsPreviewed_AsReadDayFirst_TheOrderCanBeChanged_AndItComesInWithItsLastPurchases()
    {
        var page = await fixture.AdminPageAsync("it-IT");
        await page.GotoAsync("/contacts/import");
        const string csv = "Cellulare;Nome;Compleanno;Ultimo acquisto\n+39 347 610 0001;Carla;05/06/1990;03/02/2026\n+39 347 610 0002;Dario;07/08/1985;\n";
        await page.SetInputFilesAsync("input[name=file]", new FilePayload { Name = "clienti.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });

        // The fields are named in words, and a column named like one is not needed: the owner picks it.
        await Assertions.Expect(page.Locator("#mapping")).ToContainTextAsync("Ultimo acquisto (data)");
        await Assertions.Expect(page.Locator("#mapping")).ToContainTextAsync("Numero di cellulare");
        await page.SelectOptionAsync("select[name='map.phone']", "Cellulare");
        await page.SelectOptionAsync("select[name='map.first_name']", "Nome");
        await page.SelectOptionAsync("select[name='map.birthday']", "Compleanno");
        await page.SelectOptionAsync("select[name='map.last_purchase']", "Ultimo acquisto");
        await page.FillAsync("input[name=consentSource]", "modulo in negozio");

        // Nothing in the file tells the order: the preview says it reads day first, as in Italy, and that three dates could be read both ways.
        await page.ClickAsync("#dry-run");
        await Assertions.Expect(page.Locator("#import-dates")).ToContainTextAsync("giorno/mese/anno");
        await Assertions.Expect(page.Locator("#import-dates")).ToContainTextAsync("3 date si potrebbero leggere in entrambi i modi");
        await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync("2");

        // The owner tries the other order, sees it, and goes back before importing.
        await page.SelectOptionAsync("#date-order", "mdy");
        await Assertions.Expect(page.Locator("#import-dates")).ToContainTextAsync("come hai scelto");
        await page.SelectOptionAsync("#date-order", "dmy");
        await Assertions.Expect(page.Locator("#date-order")).ToHaveValueAsync("dmy");
        await page.ClickAsync("#do-import");
        await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync("Importate 2 righe");

        using var api = fixture.Api();
        var contacts = await (await api.GetAsync("/api/v1/contacts?q=%2B393476100001")).OkJsonAsync();
        var carla = Assert.Single(contacts.GetProperty("items").EnumerateArray());
        Assert.Equal("1990-06-05", carla.GetProperty("birthday").GetString());
        var detail = await (await api.GetAsync($"/api/v1/contacts/{carla.GetProperty("id").GetInt64()}")).OkJsonAsync();
        Assert.Equal(new DateTimeOffset(2026, 2, 3, 12, 0, 0, TimeSpan.Zero), detail.GetProperty("activity").GetProperty("lastPurchaseAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task AFileWithoutItsConsentBasis_SaysSoInWords_ForTheWholeFile()
    {
        var page = await fixture.AdminPageAsync("it-IT");
        await page.GotoAsync("/contacts/import");
        await page.SetInputFilesAsync("input[name=file]", new FilePayload { Name = "clienti.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("phone\n+39 347 610 0009\n") });
        await page.ClickAsync("#dry-run");
        await Assertions.Expect(page.Locator("#import-errors")).ToContainTextAsync("tutto il file");
        var shown = await page.InnerTextAsync("body");
        Assert.DoesNotContain("consentSource=", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Line 0", shown, StringComparison.Ordinal);
    }
}
