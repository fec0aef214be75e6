using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace ReEngage.Gateway.Tests;

/// <summary>A shop owner who never opened Settings: quiet hours on, the business profile asked once and kept.</summary>
public sealed class SafeDefaultsTests
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    [Fact]
    public async Task QuietHours_AreOnByDefault_InTheBusinessZone_AndTheCampaignPreviewSaysWhoWaitsAndUntilWhen()
    {
        // No QuietHours in the configuration at all: the defaults apply.
        using var gateway = MarketingKit.Gateway(extra: new() { ["Gateway:QuietHours:Start"] = null, ["Gateway:QuietHours:End"] = null });
        using var api = gateway.Api();
        var quiet = (await (await api.GetAsync("/api/v1/settings")).OkJsonAsync()).GetProperty("quietHours");
        Assert.Equal("21:00:00", quiet.GetProperty("start").GetString());
        Assert.Equal("09:00:00", quiet.GetProperty("end").GetString());
        Assert.Equal("Europe/Rome", quiet.GetProperty("timeZone").GetString());

        await api.ContactAsync("rome", MarketingKit.Phone(1), "Rita");
        await api.PutAsJsonAsync("/api/v1/contacts/ny", new { phone = MarketingKit.Phone(2), firstName = "Ned", timeZone = "America/New_York", consent = new { source = "test signup" } });
        var segment = await api.SegmentAsync(new { kind = "status", value = "active" });
        var campaign = (await (await api.PostAsJsonAsync("/api/v1/campaigns", new { name = "Late offer", segmentId = segment, holdoutPercent = 0, message = new { template = "Hi {{first_name}}!" } }))
            .OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();

        // 23:00 in Rome (17:00 in New York): Rita's message waits until 09:00 Rome time, Ned's goes.
        var tomorrow = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(gateway.Now(), Rome).DateTime).AddDays(1);
        var late = At(tomorrow, 23);
        var preview = await (await api.GetAsync($"/api/v1/campaigns/{campaign}/preview?sendAt={Uri.EscapeDataString(late.ToString("O", CultureInfo.InvariantCulture))}")).OkJsonAsync();
        Assert.Equal(1, preview.GetProperty("waitingForQuietHours").GetInt32());
        Assert.Equal(At(tomorrow.AddDays(1), 9), preview.GetProperty("waitsUntil").GetDateTimeOffset());
        Assert.Equal(late, preview.GetProperty("sendsAt").GetDateTimeOffset());

        // 16:00 in Rome is 10:00 in New York: nobody waits (at noon Ned would: 06:00 there).
        var afternoon = await (await api.GetAsync($"/api/v1/campaigns/{campaign}/preview?sendAt={Uri.EscapeDataString(At(tomorrow, 16).ToString("O", CultureInfo.InvariantCulture))}")).OkJsonAsync();
        Assert.Equal(0, afternoon.GetProperty("waitingForQuietHours").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, afternoon.GetProperty("waitsUntil").ValueKind);
    }

    [Fact]
    public async Task TheBusinessProfile_IsValidated_AppliesAtOnce_AndSurvivesARestart()
    {
        var directory = Directory.CreateTempSubdirectory("reengage-business-").FullName;
        using (var gateway = MarketingKit.Gateway(dataDirectory: directory))
        {
            using var api = gateway.Api();
            var before = (await (await api.GetAsync("/api/v1/settings")).OkJsonAsync()).GetProperty("business");
            Assert.False(before.GetProperty("saved").GetBoolean());
            Assert.Equal("https://go.example.com", before.GetProperty("publicBaseUrl").GetString()); // appsettings stay the default

            var bad = await api.PutAsJsonAsync("/api/v1/settings", new { business = new { country = "XX", timeZone = "Mars/Base", currency = "euro", publicBaseUrl = "go.example", costPerPart = -1 } });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var errors = (await bad.JsonAsync()).GetProperty("errors");
            foreach (var field in new[] { "business.country", "business.timeZone", "business.currency", "business.publicBaseUrl", "business.costPerPart" })
            {
                Assert.True(errors.TryGetProperty(field, out _), field);
            }

            var ok = await api.PutAsJsonAsync("/api/v1/settings", new { business = new { country = "RO", timeZone = "Europe/Bucharest", currency = "ron", publicBaseUrl = "https://s.magazin.ro/", costPerPart = 0.12m } });
            Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);

            // At once: the campaign preview costs in the new currency, and national numbers are Romanian.
            await api.ContactAsync("ro", "0721 234 567", "Ana");
            var contact = await (await api.GetAsync("/api/v1/contacts/by-external-id/ro")).OkJsonAsync();
            Assert.Equal("+40721234567", contact.GetProperty("phone").GetString());
            var segment = await api.SegmentAsync(new { kind = "status", value = "active" });
            var campaign = (await (await api.PostAsJsonAsync("/api/v1/campaigns", new { name = "Oferta", segmentId = segment, holdoutPercent = 0, message = new { template = "Buna {{first_name}}!" } }))
                .OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
            var preview = await (await api.GetAsync($"/api/v1/campaigns/{campaign}/preview")).OkJsonAsync();
            Assert.Equal("RON", preview.GetProperty("currency").GetString());
            Assert.Equal(0.12m, preview.GetProperty("cost").GetDecimal());
            gateway.KeepData = true;
        }

        using var restarted = MarketingKit.Gateway(dataDirectory: directory);
        using var again = restarted.Api();
        var business = (await (await again.GetAsync("/api/v1/settings")).OkJsonAsync()).GetProperty("business");
        Assert.True(business.GetProperty("saved").GetBoolean());
        Assert.Equal("RO", business.GetProperty("country").GetString());
        Assert.Equal("Europe/Bucharest", business.GetProperty("timeZone").GetString());
        Assert.Equal("RON", business.GetProperty("currency").GetString());
        Assert.Equal("https://s.magazin.ro", business.GetProperty("publicBaseUrl").GetString());
        Assert.Equal(0.12m, business.GetProperty("costPerPart").GetDecimal());
        restarted.KeepData = false;
    }

    private static DateTimeOffset At(DateOnly day, int hour)
    {
        var local = day.ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, Rome.GetUtcOffset(local));
    }
}
