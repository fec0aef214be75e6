using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Domain.Tests;

public sealed class SmppInboundRouteTests
{
    private static readonly List<(string, IReadOnlyList<SmppInboundRoute>)> Accounts =
    [
        ("shop", SmppInboundRoute.ParseAll(["sim-1=+393331234567", "#PIZZA=4321"])),
        ("crm", SmppInboundRoute.ParseAll(["sim-2", "#INFO"])),
    ];

    [Theory]
    [InlineData("sim-1", "hello", "shop", "+393331234567")]
    [InlineData("sim-2", "  pizza please", "shop", "4321")]
    [InlineData("sim-1", "Info?", "shop", "+393331234567")]
    [InlineData("sim-1", "INFO now", "crm", "INFO")]
    [InlineData("sim-2", "hello", "crm", "sim-2")]
    [InlineData("sim-3", "hello", null, null)]
    public void Match_PrefersAKeywordRoute_ThenTheModemsRoute(string modem, string text, string? account, string? address)
    {
        var match = SmppInboundRoute.Match(Accounts, modem, text);
        Assert.Equal(account, match?.SystemId);
        Assert.Equal(address, match?.Route.Address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("#")]
    [InlineData("=123")]
    [InlineData("sim-1=")]
    [InlineData("sim-1=123456789012345678901")]
    [InlineData("#AVERYLONGKEYWORDINDEED")]
    [InlineData("sim 1")]
    public void TryParse_RefusesWhatNamesNoModemKeywordOrAddress(string text)
    {
        Assert.False(SmppInboundRoute.TryParse(text, out var route, out var error));
        Assert.Null(route);
        Assert.NotNull(error);
    }
}
