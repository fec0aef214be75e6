using System.Net;
using System.Text;
using System.Text.Json;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// A contact file as an Italian shop's spreadsheet writes it: dates day first, a "last purchase" column beside the
/// name. The preview says how the dates will be read before anything is imported, and nothing is guessed silently.
/// </summary>
public sealed class SpreadsheetImportTests : IDisposable
{
    private readonly GatewayFactory gateway = MarketingKit.Gateway();
    private readonly HttpClient api;

    public SpreadsheetImportTests() => api = gateway.Api();

    public void Dispose()
    {
        api.Dispose();
        gateway.Dispose();
    }

    private Task<HttpResponseMessage> ImportAsync(string csv, string query) =>
        api.PostAsync($"/api/v1/contacts/import?consentSource=registro%20clienti&{query}", new StringContent(csv, Encoding.UTF8, "text/csv"));

    private async Task<JsonElement> ContactAsync(string externalId) =>
        await (await api.GetAsync($"/api/v1/contacts/by-external-id/{externalId}")).OkJsonAsync();

    [Fact]
    public async Task DayFirstDates_AndALastPurchaseColumn_ComeInWithTheContacts_AndAgainAddNothingTwice()
    {
        const string csv = """
            Codice;Nome;Cellulare;Compleanno;Ultimo acquisto
            C1;Ada;+393471200001;31/01/1985;15/03/2026
            C2;Bea;+393471200002;05/06/1990;02/11/2025 00:00
            """;
        const string map = "map.external_id=Codice&map.first_name=Nome&map.phone=Cellulare&map.birthday=Compleanno&map.last_purchase=Ultimo%20acquisto";

        var preview = await (await ImportAsync(csv, map + "&dryRun=true")).OkJsonAsync();
        var dates = preview.GetProperty("dates");
        Assert.Equal("dmy", dates.GetProperty("order").GetString());
        Assert.Equal("file", dates.GetProperty("source").GetString()); // 31/01 can only be read day first
        Assert.Equal(2, dates.GetProperty("ambiguous").GetInt32());    // 05/06/1990 and 02/11/2025 read both ways; the preview says so
        Assert.False(preview.GetProperty("imported").GetBoolean());

        var report = await (await ImportAsync(csv, map)).OkJsonAsync();
        Assert.Equal(2, report.GetProperty("created").GetInt32());
        var bea = await ContactAsync("C2");
        Assert.Equal("1990-06-05", bea.GetProperty("birthday").GetString());
        Assert.Equal(new DateTimeOffset(2025, 11, 2, 12, 0, 0, TimeSpan.Zero), bea.GetProperty("activity").GetProperty("lastPurchaseAt").GetDateTimeOffset());
        Assert.Equal(1, bea.GetProperty("activity").GetProperty("purchases").GetInt32());

        // The same file again: updated, and the purchase is not counted twice.
        Assert.Equal(2, (await (await ImportAsync(csv, map)).OkJsonAsync()).GetProperty("updated").GetInt32());
        Assert.Equal(1, (await ContactAsync("C2")).GetProperty("activity").GetProperty("purchases").GetInt32());
        Assert.Equal(new DateTimeOffset(2026, 3, 15, 12, 0, 0, TimeSpan.Zero), (await ContactAsync("C1")).GetProperty("activity").GetProperty("lastPurchaseAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task AFileThatDoesNotShowItsOrder_IsReadAsTheRegionWrites_SaysSo_AndTheOtherOrderCanBeChosen()
    {
        const string csv = "external_id,phone,birthday\nD1,+393471200011,05/06/1990\nD2,+393471200012,1980-02-29\n";

        var preview = await (await ImportAsync(csv, "dryRun=true")).OkJsonAsync();
        var dates = preview.GetProperty("dates");
        Assert.Equal(("dmy", "region", 1, "05/06/1990"), (dates.GetProperty("order").GetString(), dates.GetProperty("source").GetString(), dates.GetProperty("ambiguous").GetInt32(), dates.GetProperty("example").GetString()));

        var chosen = await (await ImportAsync(csv, "dates=mdy")).OkJsonAsync();
        Assert.Equal("choice", chosen.GetProperty("dates").GetProperty("source").GetString());
        Assert.Equal("1990-05-06", (await ContactAsync("D1")).GetProperty("birthday").GetString());
        Assert.Equal("1980-02-29", (await ContactAsync("D2")).GetProperty("birthday").GetString());
    }

    [Fact]
    public async Task ABadDate_IsReportedWithItsLine_TheFilesColumn_AndWhatToWrite()
    {
        const string csv = "Cellulare;Compleanno\n+393471200021;31/12/1990\n+393471200022;31/02/1990\n+393471200023;31/12/90\n";
        var response = await ImportAsync(csv, "map.phone=Cellulare&map.birthday=Compleanno");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("message").GetString()!)).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Equal((3, "Compleanno"), (errors[0].Item1, errors[0].Item2));
        Assert.Contains("check the day and month", errors[0].Item3, StringComparison.Ordinal);
        Assert.Equal((4, "Compleanno"), (errors[1].Item1, errors[1].Item2));
        Assert.Contains("four digits", errors[1].Item3, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownDateOrder_IsA400NamingTheParameter()
    {
        var response = await ImportAsync("phone\n+393471200031\n", "dates=ddmmyyyy");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("dmy", (await response.JsonAsync()).GetProperty("errors").GetProperty("dates")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingConsentBasis_IsExplainedInWords_NotInTheApisSyntax()
    {
        var response = await api.PostAsync("/api/v1/contacts/import", new StringContent("phone\n+393471200041\n", Encoding.UTF8, "text/csv"));
        var error = (await response.JsonAsync()).GetProperty("errors")[0];
        Assert.Equal("consent", error.GetProperty("field").GetString());
        Assert.DoesNotContain("consentSource=", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("agreed to receive SMS", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
