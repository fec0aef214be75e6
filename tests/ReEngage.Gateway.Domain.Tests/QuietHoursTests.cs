using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Domain.Tests;

/// <summary>Quiet hours in a contact's own time zone: marketing waits for their morning, not the gateway's.</summary>
public sealed class QuietHoursTests
{
    private static readonly QuietHoursOptions Window = new() { Start = new TimeOnly(21, 0), End = new TimeOnly(8, 0) };

    [Theory]
    [InlineData("2026-06-10T20:30:00Z", "Europe/Rome", "2026-06-11T06:00:00Z")]     // 22:30 in Rome (UTC+2): wait for 08:00
    [InlineData("2026-06-10T04:00:00Z", "Europe/Rome", "2026-06-10T06:00:00Z")]     // 06:00 in Rome: later the same morning
    [InlineData("2026-06-10T12:00:00Z", "Europe/Rome", null)]                       // 14:00: send now
    [InlineData("2026-06-10T20:30:00Z", "America/New_York", null)]                 // 16:30 in New York: send now
    [InlineData("2026-01-10T03:00:00Z", "America/New_York", "2026-01-10T13:00:00Z")] // 22:00 in New York (UTC−5)
    [InlineData("2026-03-29T00:30:00Z", "Europe/Rome", "2026-03-29T06:00:00Z")]     // the night clocks go forward: 08:00 is UTC+2
    public void NextAllowed_IsTheEndOfTheWindowInTheContactsZone(string now, string zone, string? expected)
    {
        var next = QuietHours.NextAllowed(Window, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }
}
