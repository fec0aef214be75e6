using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Dashboard;

namespace ReEngage.Gateway.Tests;

public sealed partial class SetupTests
{
    [Fact]
    public async Task WrongSetupCodes_AreRefusedNextToTheField_AndGuessingPausesSetup()
    {
        using var gateway = new GatewayFactory();
        using var browser = gateway.CreateClient();

        async Task<string> TryAsync(string code)
        {
            var form = await browser.GetStringAsync("/setup");
            var token = Token().Match(form).Groups[1].Value;
            var response = await browser.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Code"] = code, ["UserName"] = "admin", ["Password"] = "long enough password", ["__RequestVerificationToken"] = token,
            }));
            return await response.Content.ReadAsStringAsync();
        }

        var first = await TryAsync("0000-0000");
        Assert.Contains("That is not the setup code", first);
        Assert.Contains("value=\"admin\"", first); // what was typed stays

        for (var i = 1; i < SetupCode.MaxFailures; i++)
        {
            await TryAsync("0000-0000");
        }

        var paused = await TryAsync(gateway.Services.GetRequiredService<SetupCode>().Current!);
        Assert.Contains("setup is paused", paused);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
