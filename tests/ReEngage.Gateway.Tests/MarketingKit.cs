using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Time;

namespace ReEngage.Gateway.Tests;

/// <summary>Helpers for the marketing tests: a gateway whose marketing clock only moves when the test says so.</summary>
internal static class MarketingKit
{
    public static GatewayFactory Gateway(string? dataDirectory = null, Dictionary<string, string?>? extra = null, bool onPostgres = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Marketing:TickInterval"] = "01:00:00",
            ["Gateway:Marketing:PublicBaseUrl"] = "https://go.example.com",
            ["Gateway:Marketing:TimeZone"] = "Europe/Rome",
            // The marketing clock jumps days while the tests' receivers (shop.example.com) never answer: a receiver
            // failing for three simulated days would be disabled between two steps, and the next step's events never
            // written (a race with the delivery worker). Disabling has its own tests; here receivers stay on.
            ["Gateway:Webhooks:DisableAfter"] = "00:00:00",
        };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        return new GatewayFactory(settings, dataDirectory, onPostgres: onPostgres);
    }

    public static SimulationClock Clock(this GatewayFactory gateway) => gateway.Services.GetRequiredService<SimulationClock>();

    public static DateTimeOffset Now(this GatewayFactory gateway) => gateway.Clock().GetUtcNow();

    public static Task TickAsync(this GatewayFactory gateway) => gateway.Services.GetRequiredService<MarketingScheduler>().TickAsync(CancellationToken.None);

    public static async Task<JsonElement> OkJsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {json}");
        return json;
    }

    public static async Task<long> ContactAsync(this HttpClient api, string externalId, string phone, string? firstName = null, string[]? tags = null, object? attributes = null, string? birthday = null)
    {
        var response = await api.PutAsJsonAsync($"/api/v1/contacts/{externalId}", new { phone, firstName, tags, attributes, birthday, consent = new { source = "test signup" } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetInt64();
    }

    public static async Task EventAsync(this HttpClient api, string externalId, string type, DateTimeOffset at, double? value = null)
    {
        var response = await api.PostAsJsonAsync("/api/v1/events", new { contact = new { externalId }, type, at, value });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public static async Task<long> SegmentAsync(this HttpClient api, object rule, string name = "segment", bool marksSleeping = false)
    {
        var json = await (await api.PostAsJsonAsync("/api/v1/segments", new { name, rule, marksSleeping })).OkJsonAsync(HttpStatusCode.Created);
        return json.GetProperty("id").GetInt64();
    }

    public static async Task<HashSet<string>> MembersAsync(this HttpClient api, long segment)
    {
        var json = await (await api.GetAsync($"/api/v1/segments/{segment}/contacts?limit=500")).OkJsonAsync();
        return json.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("externalId").GetString()!).ToHashSet();
    }

    public static string Phone(int i) => $"+39347{i:D7}";
}
