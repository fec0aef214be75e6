using System.Net;
using System.Net.Http.Json;

namespace ReEngage.Gateway.Tests;

public class ContactsTests : IDisposable
{
    private readonly GatewayFactory gateway;
    private readonly HttpClient api;

    public ContactsTests()
        : this(onPostgres: false)
    {
    }

    protected ContactsTests(bool onPostgres)
    {
        gateway = MarketingKit.Gateway(onPostgres: onPostgres);
        api = gateway.Api();
    }

    public void Dispose()
    {
        api.Dispose();
        gateway.Dispose();
    }

    [Fact]
    public async Task Put_CreatesThenUpdatesByExternalId_AndPostUpsertsByPhone()
    {
        var created = await api.PutAsJsonAsync("/api/v1/contacts/shop-1", new { phone = "347 123 4567", firstName = "Ada", tags = new[] { "VIP", "vip", "newsletter" }, attributes = new { City = "Milano" }, birthday = "1990-05-17", timeZone = "Europe/Rome", consent = new { source = "checkout", text = "Yes, send me offers" } });
        var first = await created.OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal("+393471234567", first.GetProperty("phone").GetString());
        Assert.Equal(["newsletter", "vip"], first.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("Milano", first.GetProperty("attributes").GetProperty("city").GetString());
        Assert.Equal("checkout", first.GetProperty("consent").GetProperty("source").GetString());

        var updated = await (await api.PutAsJsonAsync("/api/v1/contacts/shop-1", new { lastName = "Lovelace" })).OkJsonAsync();
        Assert.Equal(first.GetProperty("id").GetInt64(), updated.GetProperty("id").GetInt64());
        Assert.Equal("Ada", updated.GetProperty("firstName").GetString());
        Assert.Equal("Lovelace", updated.GetProperty("lastName").GetString());

        var byPhone = await (await api.PostAsJsonAsync("/api/v1/contacts", new { phone = "+39 347 1234567", language = "it" })).OkJsonAsync();
        Assert.Equal(first.GetProperty("id").GetInt64(), byPhone.GetProperty("id").GetInt64());
        Assert.Equal("it", byPhone.GetProperty("language").GetString());
        Assert.Equal("shop-1", byPhone.GetProperty("externalId").GetString());
    }

    [Fact]
    public async Task BadFields_AreEachNamed_AndNothingIsStored()
    {
        var response = await api.PostAsJsonAsync("/api/v1/contacts", new { phone = "12", birthday = "17/05/1990", timeZone = "Mars/Olympus", language = "not a language", status = "asleep", consent = new { source = "" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        foreach (var field in new[] { "phone", "birthday", "timeZone", "language", "status", "consent.source" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        Assert.Empty((await (await api.GetAsync("/api/v1/contacts")).OkJsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task PhoneOfAnotherContact_IsAConflictNotAMerge()
    {
        await api.ContactAsync("a", MarketingKit.Phone(1));
        await api.ContactAsync("b", MarketingKit.Phone(2));

        var response = await api.PutAsJsonAsync("/api/v1/contacts/b", new { phone = MarketingKit.Phone(1) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("belongs to another contact", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ListFilters_ByStatusTagAndText_WithKeysetPaging()
    {
        for (var i = 0; i < 7; i++)
        {
            await api.ContactAsync($"c{i}", MarketingKit.Phone(i), i % 2 == 0 ? "Even" : "Odd", tags: i % 2 == 0 ? ["even"] : []);
        }

        var page1 = await (await api.GetAsync("/api/v1/contacts?tag=even&limit=3")).OkJsonAsync();
        Assert.Equal(3, page1.GetProperty("items").GetArrayLength());
        var page2 = await (await api.GetAsync($"/api/v1/contacts?tag=even&limit=3&after={page1.GetProperty("next").GetInt64()}")).OkJsonAsync();
        Assert.Equal(1, page2.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKindNull, page2.GetProperty("next").ValueKind);

        var odd = await (await api.GetAsync("/api/v1/contacts?q=od")).OkJsonAsync();
        Assert.Equal(3, odd.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/contacts?status=zzz")).StatusCode);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task Events_MoveTheLastActivityForward_NeverBackward()
    {
        var id = await api.ContactAsync("e", MarketingKit.Phone(9));
        var now = gateway.Now();
        await api.EventAsync("e", "purchase", now.AddDays(-3), 19.9);
        await api.EventAsync("e", "purchase", now.AddDays(-300));

        var contact = await (await api.GetAsync($"/api/v1/contacts/{id}")).OkJsonAsync();
        Assert.Equal(now.AddDays(-3).UtcTicks / TimeSpan.TicksPerSecond, contact.GetProperty("lastActivityAt").GetDateTimeOffset().UtcTicks / TimeSpan.TicksPerSecond);

        var bulk = await (await api.PostAsJsonAsync("/api/v1/events/bulk", new
        {
            events = new object?[]
            {
                new { contact = new { phone = MarketingKit.Phone(9) }, type = "visit", at = now.AddDays(-1) },
                new { contact = new { externalId = "nobody" }, type = "visit" },
                new { contact = new { externalId = "e" }, type = "teleport" },
                null,
            },
        })).OkJsonAsync();
        Assert.Equal(1, bulk.GetProperty("accepted").GetInt32());
        Assert.Equal([1, 2, 3], bulk.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));
        Assert.Contains("create it first", bulk.GetProperty("rejected")[0].GetProperty("errors").GetProperty("contact")[0].GetString());
    }

    [Fact]
    public async Task Erasure_RemovesThePerson_KeepsATombstone_AndTheyAreNeverMessagedAgain()
    {
        var id = await api.ContactAsync("gone", MarketingKit.Phone(5), "Erin");
        await api.EventAsync("gone", "purchase", gateway.Now().AddDays(-1));
        await api.SendAsync(new { to = MarketingKit.Phone(5), text = "Your order shipped" });
        var export = await (await api.GetAsync($"/api/v1/contacts/{id}/export")).OkJsonAsync();
        Assert.Equal(1, export.GetProperty("events").GetArrayLength());
        Assert.Equal(1, export.GetProperty("messages").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/contacts/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/contacts/{id}")).StatusCode);
        var messages = await (await api.GetAsync($"/api/v1/messages?to={Uri.EscapeDataString(MarketingKit.Phone(5))}")).OkJsonAsync();
        Assert.Empty(messages.GetProperty("items").EnumerateArray());
        var marketing = await api.PostAsJsonAsync("/api/v1/messages", new { to = MarketingKit.Phone(5), text = "Sale!", priority = "low" });
        Assert.Equal(HttpStatusCode.BadRequest, marketing.StatusCode);

        // Re-imported by the shop later: the number is still opted out, and cannot be switched back on.
        var again = await (await api.PutAsJsonAsync("/api/v1/contacts/gone", new { phone = MarketingKit.Phone(5) })).OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal("opted_out", again.GetProperty("status").GetString());
        var reactivate = await api.PutAsJsonAsync("/api/v1/contacts/gone", new { status = "active" });
        Assert.Equal(HttpStatusCode.BadRequest, reactivate.StatusCode);
        Assert.Contains("START", await reactivate.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ContactsExport_IsCsvWithAttributesAsColumns()
    {
        await api.ContactAsync("x1", MarketingKit.Phone(1), "Ada, \"the first\"", attributes: new { city = "Milano" });
        await api.ContactAsync("x2", MarketingKit.Phone(2), "Bea", attributes: new { shoe = "38" });

        var csv = await api.GetStringAsync("/api/v1/contacts/export");
        using var reader = new CsvHelper.CsvReader(new StringReader(csv), System.Globalization.CultureInfo.InvariantCulture);
        var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();

        Assert.Equal(2, rows.Count);
        Assert.Equal("Ada, \"the first\"", rows[0]["first_name"]);
        Assert.Equal("Milano", rows[0]["attr.city"]);
        Assert.Equal("38", rows[1]["attr.shoe"]);
    }

    [Fact]
    public async Task TheShopsOwnNumericIds_AreNeverMistakenForOurs()
    {
        var first = await api.ContactAsync("900", MarketingKit.Phone(1), "First");
        var shopCustomer = await api.ContactAsync(first.ToString(System.Globalization.CultureInfo.InvariantCulture), MarketingKit.Phone(2), "Second");

        var byExternal = await (await api.GetAsync($"/api/v1/contacts/external/{first}")).OkJsonAsync();
        Assert.Equal(shopCustomer, byExternal.GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/contacts/external/{first}")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/contacts/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/contacts/{shopCustomer}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync("/api/v1/contacts/external/nobody")).StatusCode);
    }
}

/// <summary>The same tests on a fleet's PostgreSQL.</summary>
public sealed class ContactsTestsOnPostgres() : ContactsTests(onPostgres: true);

/// <summary>
/// The backup download on each engine, apart from <see cref="ContactsTests"/> whose facts run on both: on SQLite
/// it is a copy of the database, on PostgreSQL there is no copy to give and the answer says how to make one.
/// </summary>
public sealed class ContactsBackupTests
{
    [Fact]
    public async Task Backup_OnSqlite_IsAConsistentCopyWithTheData_TakenWhileRunning()
    {
        using var gateway = MarketingKit.Gateway(extra: new() { ["Gateway:Database:Provider"] = "Sqlite" });
        using var api = gateway.Api();
        await api.ContactAsync("kept", MarketingKit.Phone(7), "Kept");

        var response = await api.GetAsync("/api/v1/backup");
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("SQLite format 3\0", System.Text.Encoding.ASCII.GetString(bytes, 0, 16));
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.ToString());
        var file = Path.Combine(gateway.DataDirectory, "downloaded.db");
        await File.WriteAllBytesAsync(file, bytes);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"FirstName\" FROM contacts";
        Assert.Equal("Kept", command.ExecuteScalar());
    }

    [Fact]
    public async Task Backup_OnPostgres_Answers409_NamingPgDump()
    {
        using var gateway = MarketingKit.Gateway(onPostgres: true);
        using var api = gateway.Api();

        // The fleet's database is backed up on the server: the answer says how.
        var response = await api.GetAsync("/api/v1/backup");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("pg_dump", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
