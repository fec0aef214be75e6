using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace ReEngage.Gateway.Tests;

public class CsvImportTests : IDisposable
{
    private readonly GatewayFactory gateway;
    private readonly HttpClient api;

    public CsvImportTests()
        : this(onPostgres: false)
    {
    }

    protected CsvImportTests(bool onPostgres)
    {
        gateway = MarketingKit.Gateway(onPostgres: onPostgres);
        api = gateway.Api();
    }

    public void Dispose()
    {
        api.Dispose();
        gateway.Dispose();
    }

    private Task<HttpResponseMessage> PostCsvAsync(string url, string csv) =>
        api.PostAsync(url, new StringContent(csv, Encoding.UTF8, "text/csv"));

    private async Task<int> ContactCountAsync() =>
        (await (await api.GetAsync("/api/v1/contacts?limit=500")).OkJsonAsync()).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task GoodFile_WithMappedColumns_IsImportedWhole()
    {
        var csv = """
            Mobile;Vorname;Kunde;Geburtstag;tags;attr.city;Notes
            +39 347 000 0001;Ada;K-1;1990-05-17;vip|newsletter;Milano;likes shoes
            347 000 0002;"Bruno; the second";K-2;;;Roma;
            """;

        var report = await (await PostCsvAsync("/api/v1/contacts/import?map.phone=Mobile&map.first_name=Vorname&map.external_id=Kunde&map.birthday=Geburtstag&consentSource=shop%20signup%20form", csv)).OkJsonAsync();

        Assert.True(report.GetProperty("imported").GetBoolean());
        Assert.Equal(2, report.GetProperty("created").GetInt32());
        Assert.Equal(["Notes"], report.GetProperty("ignoredColumns").EnumerateArray().Select(c => c.GetString()));
        var list = await (await api.GetAsync("/api/v1/contacts")).OkJsonAsync();
        var bruno = list.GetProperty("items")[1];
        Assert.Equal("Bruno; the second", bruno.GetProperty("firstName").GetString());
        Assert.Equal("+393470000002", bruno.GetProperty("phone").GetString());
        Assert.Equal("shop signup form", bruno.GetProperty("consent").GetProperty("source").GetString());
        Assert.Equal(["newsletter", "vip"], list.GetProperty("items")[0].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        // The same file again updates instead of duplicating.
        var again = await (await PostCsvAsync("/api/v1/contacts/import?map.phone=Mobile&map.first_name=Vorname&map.external_id=Kunde&map.birthday=Geburtstag&consentSource=x", csv)).OkJsonAsync();
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(2, again.GetProperty("updated").GetInt32());
        Assert.Equal(2, await ContactCountAsync());
    }

    [Fact]
    public async Task BadRows_AreEachReportedWithTheirLine_AndNothingIsImported()
    {
        await api.ContactAsync("keep", MarketingKit.Phone(99), "Kept");
        var csv = "phone,first_name,birthday,time_zone\n"
            + "+393470000001,Ok,1990-01-01,Europe/Rome\n"
            + "abc,BadPhone,,\n"
            + "+393470000003,BadDate,31/02/1990,\n" // 31/12/1990 is a date now (day first, as in Italy); 31 February is not
            + "\"+393470000004\",\"Multi\nLine\",,Mars/Base\n"
            + "+39 347 000 0001,Duplicate,,\n";

        var response = await PostCsvAsync("/api/v1/contacts/import?consentSource=paper%20form", csv);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (Line: e.GetProperty("line").GetInt32(), Field: e.GetProperty("field").GetString(), Message: e.GetProperty("message").GetString()!)).ToList();
        Assert.Equal([3, 4, 5, 7], errors.Select(e => e.Line));
        Assert.Equal("phone", errors[0].Field);
        Assert.Equal("birthday", errors[1].Field);
        Assert.Equal("time_zone", errors[2].Field);
        Assert.Contains("already on line 2", errors[3].Message);
        Assert.Equal(1, await ContactCountAsync());
    }

    [Fact]
    public async Task DryRun_ReportsWithoutImporting()
    {
        var report = await (await PostCsvAsync("/api/v1/contacts/import?dryRun=true&consentSource=web", "phone\n+393470000001\n+393470000002\n")).OkJsonAsync();

        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.False(report.GetProperty("imported").GetBoolean());
        Assert.Equal(2, report.GetProperty("created").GetInt32());
        Assert.Equal(0, await ContactCountAsync());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("phone,name\n\"+393470000001,unterminated\n", "not valid CSV")]
    [InlineData("name\nAda\n", "no phone column")]
    public async Task UnusableFiles_AreRefusedWithTheReason(string csv, string reason)
    {
        var response = await PostCsvAsync("/api/v1/contacts/import?consentSource=web", csv);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await ContactCountAsync());
    }

    [Fact]
    public async Task AnImportMustStateItsConsentBasis()
    {
        var response = await PostCsvAsync("/api/v1/contacts/import", "phone\n+393470000001\n");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("consent", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Json_IsNotACsv()
    {
        var response = await api.PostAsJsonAsync("/api/v1/contacts/import", new { phone = "+393470000001" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Events_AreImportedForKnownContacts_AllOrNothing()
    {
        await api.ContactAsync("k1", MarketingKit.Phone(1));
        await api.ContactAsync("k2", MarketingKit.Phone(2));
        var at = gateway.Now().AddDays(-5).ToString("O");

        var bad = await PostCsvAsync("/api/v1/events/import", $"external_id,type,at,value\nk1,purchase,{at},12.50\nk3,purchase,{at},\nk2,buy,{at},\nk2,visit,yesterday,\nk2,purchase,{at},12,50\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var lines = (await bad.JsonAsync()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()).ToList();
        Assert.Equal([3, 4, 5], lines);
        var k1 = await (await api.GetAsync("/api/v1/contacts?q=k1")).OkJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, k1.GetProperty("items")[0].GetProperty("lastActivityAt").ValueKind);

        var good = await (await PostCsvAsync("/api/v1/events/import", $"phone,type,at,value\n{MarketingKit.Phone(1)},purchase,{at},12.50\n{MarketingKit.Phone(2)},link_click,{at},\n")).OkJsonAsync();
        Assert.Equal(2, good.GetProperty("created").GetInt32());
        var segment = await api.SegmentAsync(new { kind = "event", @event = "purchase", days = 7 });
        Assert.Equal(["k1"], await api.MembersAsync(segment));
    }

    [Fact]
    public async Task AnExcelCsvInWindows1252_KeepsItsAccents()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(1252).GetBytes("phone;first_name;attr.note\n+393470000001;Niccolò;Società & più: 5€\n");
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");

        await (await api.PostAsync("/api/v1/contacts/import?consentSource=shop", content)).OkJsonAsync();

        var contact = (await (await api.GetAsync("/api/v1/contacts")).OkJsonAsync()).GetProperty("items")[0];
        Assert.Equal("Niccolò", contact.GetProperty("firstName").GetString());
        Assert.Equal("Società & più: 5€", contact.GetProperty("attributes").GetProperty("note").GetString());
    }

    [Fact]
    public async Task AFileUploadedAsAForm_IsImportedToo()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("phone,first_name\n+393470000001,Form\n"));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "customers.csv");

        var report = await (await api.PostAsync("/api/v1/contacts/import?consentSource=web", form)).OkJsonAsync();

        Assert.Equal(1, report.GetProperty("created").GetInt32());
        using var empty = new MultipartFormDataContent { { new StringContent("x"), "note" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync("/api/v1/contacts/import?consentSource=web", empty)).StatusCode);
    }
}

/// <summary>The same tests on a fleet's PostgreSQL.</summary>
public sealed class CsvImportTestsOnPostgres() : CsvImportTests(onPostgres: true);
