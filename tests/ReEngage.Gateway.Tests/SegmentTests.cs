using System.Net;
using System.Net.Http.Json;

namespace ReEngage.Gateway.Tests;

/// <summary>Every rule type, evaluated by SQLite against contacts whose history is set relative to the gateway's clock.</summary>
public class SegmentTests : IAsyncLifetime
{
    private readonly GatewayFactory gateway;
    private HttpClient api = null!;
    private DateTimeOffset now;

    public SegmentTests()
        : this(onPostgres: false)
    {
    }

    protected SegmentTests(bool onPostgres) => gateway = MarketingKit.Gateway(onPostgres: onPostgres);

    public async Task InitializeAsync()
    {
        api = gateway.Api();
        now = gateway.Now();
        var month = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).Month;
        var otherMonth = month % 12 + 1;

        // recent: bought 10 days ago. lapsed: bought 100 days ago, clicked 20 days ago. never: no activity at all.
        await api.ContactAsync("recent", MarketingKit.Phone(1), "Ada", tags: ["vip"], attributes: new { city = "Milano" }, birthday: $"1990-{month:D2}-15");
        await api.ContactAsync("lapsed", MarketingKit.Phone(2), "Bruno", tags: ["newsletter"], attributes: new { city = "Roma" }, birthday: $"1985-{otherMonth:D2}-01");
        await api.ContactAsync("never", MarketingKit.Phone(3), "Carla");
        await api.ContactAsync("promo", MarketingKit.Phone(4), "Dario", tags: ["VIP "]);
        await api.EventAsync("recent", "purchase", now.AddDays(-10), 42.5);
        await api.EventAsync("lapsed", "purchase", now.AddDays(-100));
        await api.EventAsync("lapsed", "link_click", now.AddDays(-20));
        await api.EventAsync("lapsed", "email_open", now.AddDays(-200));
        await api.EventAsync("promo", "promo_used", now.AddDays(-150));
        await api.EventAsync("promo", "email_open", now.AddDays(-5));
    }

    public Task DisposeAsync()
    {
        api.Dispose();
        gateway.Dispose();
        return Task.CompletedTask;
    }

    public static TheoryData<string, string[]> Rules => new()
    {
        { """{"kind":"no_event","event":"purchase","days":90}""", ["lapsed", "never", "promo"] },
        { """{"kind":"event","event":"purchase","days":30}""", ["recent"] },
        { """{"kind":"no_event","event":"link_click","months":3}""", ["recent", "never", "promo"] },
        { """{"kind":"all","rules":[{"kind":"event","event":"link_click","days":60},{"kind":"no_event","event":"purchase","days":60}]}""", ["lapsed"] },
        { """{"kind":"no_event","event":"promo_used","months":4}""", ["recent", "lapsed", "never", "promo"] },
        { """{"kind":"event","event":"promo_used","months":6}""", ["promo"] },
        { """{"kind":"no_event","event":"email_open","since":"2000-01-01T00:00:00Z"}""", ["recent", "never"] },
        { """{"kind":"no_event","event":"any","days":30}""", ["never"] },
        { """{"kind":"birthday_this_month"}""", ["recent"] },
        { """{"kind":"tag","value":"VIP"}""", ["recent", "promo"] },
        { """{"kind":"attribute","name":"City","value":"Roma"}""", ["lapsed"] },
        { """{"kind":"status","value":"active"}""", ["recent", "lapsed", "never", "promo"] },
        { """{"kind":"any","rules":[{"kind":"tag","value":"newsletter"},{"kind":"birthday_this_month"}]}""", ["recent", "lapsed"] },
        { """{"kind":"tag","value":"vip","not":true}""", ["lapsed", "never"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Rule_SelectsExactlyTheContactsItDescribes(string rule, string[] expected)
    {
        var segment = await api.SegmentAsync(System.Text.Json.JsonDocument.Parse(rule).RootElement);

        Assert.Equal(expected.Order(), (await api.MembersAsync(segment)).Order());
        var count = await (await api.GetAsync($"/api/v1/segments/{segment}/count")).OkJsonAsync();
        Assert.Equal(expected.Length, count.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Preview_GivesTheLiveCountAndASampleWithoutSaving()
    {
        var preview = await (await api.PostAsJsonAsync("/api/v1/segments/preview", new { rule = new { kind = "no_event", @event = "purchase", days = 90 } })).OkJsonAsync();

        Assert.Equal(3, preview.GetProperty("count").GetInt32());
        Assert.Equal("no purchase in the last 90 days", preview.GetProperty("summary").GetString());
        Assert.Equal(3, preview.GetProperty("sample").GetArrayLength());
        Assert.Empty((await (await api.GetAsync("/api/v1/segments")).OkJsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task InvalidRules_AreRefusedWithThePathOfEachProblem()
    {
        var response = await api.PostAsJsonAsync("/api/v1/segments", new
        {
            name = "bad",
            rule = new { kind = "all", rules = new object[] { new { kind = "no_event", @event = "purchases", days = 90 }, new { kind = "event", @event = "visit" }, new { kind = "colour" } } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Contains("'purchases' is not an event type", errors.GetProperty("rule.rules[0].event")[0].GetString());
        Assert.Contains("exactly one of", errors.GetProperty("rule.rules[1]")[0].GetString());
        Assert.Contains("'colour' is not a rule kind", errors.GetProperty("rule.rules[2].kind")[0].GetString());
    }

    [Fact]
    public async Task SleepingSegment_MovesInactiveContactsToSleepingAndBackWhenTheyReturn()
    {
        await api.SegmentAsync(new { kind = "no_event", @event = "any", days = 15 }, "sleeping", marksSleeping: true);
        await gateway.TickAsync();
        var sleeping = await (await api.GetAsync("/api/v1/contacts?status=sleeping")).OkJsonAsync();
        Assert.Equal(["lapsed", "never"], sleeping.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("externalId").GetString()).Order());

        await api.EventAsync("never", "visit", gateway.Now());
        await gateway.TickAsync();

        var contact = await (await api.GetAsync("/api/v1/contacts?q=Carla")).OkJsonAsync();
        Assert.Equal("active", contact.GetProperty("items")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task SegmentExport_IsCsvOfItsMembers()
    {
        var segment = await api.SegmentAsync(new { kind = "tag", value = "vip" });
        var csv = await api.GetStringAsync($"/api/v1/segments/{segment}/export");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("id,phone,external_id,first_name", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.Contains("Ada") && l.Contains("Milano"));
    }
}

/// <summary>The same segment rules compiled for a fleet's PostgreSQL.</summary>
public sealed class SegmentTestsOnPostgres() : SegmentTests(onPostgres: true);
