using ReEngage.Gateway.Core.Messaging.Policies;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Core.Tests;

/// <summary>
/// The in-memory record of a modem's submits gives the pacing rules the same window the database would:
/// the per-minute edge, the hour's count (never too few) and today's, across midnight and a restart's seed.
/// </summary>
public sealed class SubmitPaceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly ModemOptions Limits = new() { Name = "sim-1", Device = "x", PerMinute = 3, PerHour = 100, DailyLimit = 500 };

    [Fact]
    public void TheNthMostRecentInTheMinute_IsThePerMinuteEdge()
    {
        var pace = new SubmitPace();
        pace.Seed([], [], 0, Now);
        foreach (var seconds in new[] { 10, 20, 30, 40 })
        {
            pace.Record(Now.AddSeconds(seconds));
        }

        var at = Now.AddSeconds(45);
        var window = pace.Window(Limits, at);

        Assert.Equal(Now.AddSeconds(20), window.NthLatestInMinute);
        Assert.Equal(TimeSpan.FromSeconds(35), PacingPolicy.Wait(Limits, window, at));
        // A minute after the second-oldest, only two remain within the minute: free to send.
        Assert.Null(pace.Window(Limits, Now.AddSeconds(80.5)).NthLatestInMinute);
    }

    [Fact]
    public void PartsInFlight_CountAsTheMostRecent()
    {
        var pace = new SubmitPace();
        pace.Seed([Now.AddSeconds(-30), Now.AddSeconds(-20)], [Now.AddSeconds(-30), Now.AddSeconds(-20)], 2, Now);

        Assert.Null(pace.Window(Limits, Now).NthLatestInMinute);
        Assert.Equal(Now.AddSeconds(-30), pace.Window(Limits, Now, assumed: 1).NthLatestInMinute);
        Assert.Equal(Now, pace.Window(Limits, Now, assumed: 3).NthLatestInMinute);
        Assert.Equal(3, pace.Window(Limits, Now, assumed: 1).Today);
    }

    [Fact]
    public void TheHour_CountsEveryPartUntilItsMinuteHasLeft_AndTodayStartsAtMidnight()
    {
        var pace = new SubmitPace();
        var late = new DateTimeOffset(2026, 12, 7, 23, 30, 0, TimeSpan.Zero);
        pace.Seed([], [], 40, late);
        for (var i = 0; i < 140; i++)
        {
            pace.Record(late.AddSeconds(i * 15)); // 23:30:00 to 00:04:45, four a minute
        }

        var window = pace.Window(Limits, late.AddMinutes(35.5));
        Assert.Equal(140, window.LastHour);
        Assert.Equal(20, window.Today); // since 00:00:00, not the 40 + 120 of yesterday

        // At 00:50 the database counts the 59 parts after 23:50:00; the minute buckets may count the rest of
        // that minute too (23:50:00 itself), never fewer.
        Assert.InRange(pace.Window(Limits, late.AddMinutes(80)).LastHour, 59, 63);
    }
}
