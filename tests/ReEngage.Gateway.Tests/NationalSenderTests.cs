using System.Net;
using System.Net.Http.Json;

namespace ReEngage.Gateway.Tests;

/// <summary>Networks often deliver the sender as a national number: a STOP from "3471234567" must still opt out "+393471234567".</summary>
public sealed class NationalSenderTests
{
    [Theory]
    [InlineData("3471230001", "+393471230001")]    // TON unknown, national digits
    [InlineData("393471230002", "+393471230002")]  // TON unknown, country code already in front
    public async Task AStopFromANationalNumber_OptsOutTheE164Number(string sent, string e164)
    {
        using var gateway = MarketingKit.Gateway();
        using var api = gateway.Api();
        await gateway.WaitForModemsAsync();
        await api.ContactAsync("c", e164, "Carla");

        await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = sent, text = "STOP" });

        for (var i = 0; ; i++)
        {
            var inbound = await (await api.GetAsync("/api/v1/inbound")).OkJsonAsync();
            if (inbound.GetArrayLength() == 1)
            {
                Assert.Equal(e164, inbound[0].GetProperty("from").GetString());
                break;
            }

            Assert.True(i < 100, "the reply never arrived");
            await Task.Delay(50);
        }

        await Task.Delay(200);
        var refused = await api.PostAsJsonAsync("/api/v1/messages", new { to = e164, text = "Offerta", priority = "low" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var contact = (await (await api.GetAsync("/api/v1/contacts")).OkJsonAsync()).GetProperty("items")[0];
        Assert.Equal("opted_out", contact.GetProperty("status").GetString());
    }
}
