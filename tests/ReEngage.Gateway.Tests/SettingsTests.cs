using System.Net;
using System.Net.Http.Json;

namespace ReEngage.Gateway.Tests;

public sealed class SettingsTests
{
    [Fact]
    public async Task KeywordsAndQuietHours_ChangedAtRuntime_ApplyAtOnce_AndSurviveARestart()
    {
        var directory = Directory.CreateTempSubdirectory("reengage-settings-").FullName;
        using (var gateway = new GatewayFactory(dataDirectory: directory))
        {
            using var api = gateway.Api();
            await gateway.WaitForModemsAsync();

            var bad = await api.PutAsJsonAsync("/api/v1/settings", new { quietHours = new { start = "21:00", end = (string?)null, timeZone = "Mars/Base" }, keywords = new { optOut = Array.Empty<string>() } });
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var errors = (await bad.JsonAsync()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("quietHours", out _));
            Assert.True(errors.TryGetProperty("quietHours.timeZone", out _));
            Assert.True(errors.TryGetProperty("keywords.optOut", out _));

            var ok = await api.PutAsJsonAsync("/api/v1/settings", new
            {
                quietHours = new { start = "21:00", end = "08:00", timeZone = "Europe/Rome" },
                keywords = new { optOut = new[] { "stop", "basta" }, optIn = new[] { "start" }, help = new[] { "aiuto" }, helpReply = "Scrivi BASTA per non ricevere più messaggi." },
            });
            Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);

            await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = "+393470001111", text = "Basta!" });
            for (var i = 0; i < 100; i++)
            {
                var refused = await api.PostAsJsonAsync("/api/v1/messages", new { to = "+393470001111", text = "Offerta", priority = "low" });
                if (refused.StatusCode == HttpStatusCode.BadRequest)
                {
                    break;
                }

                Assert.True(i < 99, "BASTA never opted the number out");
                await Task.Delay(50);
            }

            gateway.KeepData = true;
        }

        using var restarted = new GatewayFactory(dataDirectory: directory);
        using var again = restarted.Api();
        var settings = await (await again.GetAsync("/api/v1/settings")).OkJsonAsync();
        Assert.Equal("21:00:00", settings.GetProperty("quietHours").GetProperty("start").GetString());
        Assert.Contains("BASTA", settings.GetProperty("keywords").GetProperty("optOut").EnumerateArray().Select(k => k.GetString()));
        restarted.KeepData = false;
    }
}
