namespace ReEngage.Gateway.Smpp.Tests;

public class SmppTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Absolute_time_with_quarter_hour_offset_is_read_as_the_instant_it_names()
    {
        // The spec's own example form: 10 March 2026 14:30:00.5, local time one hour (4 quarters) ahead of UTC.
        Assert.True(SmppTime.TryParse("260310143000504+", Now, out var value));
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 13, 30, 0, 500, TimeSpan.Zero), value!.Value.ToUniversalTime());
        Assert.True(SmppTime.TryParse("260310080000018-", Now, out var behind));
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 12, 30, 0, TimeSpan.Zero), behind!.Value.ToUniversalTime());
    }

    [Fact]
    public void Relative_time_counts_from_now()
    {
        Assert.True(SmppTime.TryParse("000001023000000R", Now, out var value));
        Assert.Equal(Now.AddDays(1).AddHours(2).AddMinutes(30), value);
        Assert.True(SmppTime.TryParse("010200000000000R", Now, out var far));
        Assert.Equal(Now.AddYears(1).AddMonths(2), far);
    }

    [Fact]
    public void Empty_is_not_given() => Assert.True(SmppTime.TryParse("", Now, out var value) && value is null);

    [Theory]
    [InlineData("261310143000004+")] // month 13
    [InlineData("260230143000004+")] // 30 February
    [InlineData("260310243000004+")] // hour 24
    [InlineData("260310143000049+")] // 49 quarters
    [InlineData("260310143000004*")] // no such direction
    [InlineData("26031014300000+")]  // short
    [InlineData("2603101430000a4+")] // not a digit
    [InlineData("000001023000100R")] // a relative time with tenths
    [InlineData("000000250000000R")] // 25 hours
    public void Invalid_times_are_refused(string text) => Assert.False(SmppTime.TryParse(text, Now, out _));

    [Fact]
    public void Formats_round_trip()
    {
        var value = new DateTimeOffset(2026, 12, 31, 23, 45, 1, 700, TimeSpan.FromMinutes(-150));
        var text = SmppTime.FormatAbsolute(value);
        Assert.Equal("261231234501710-", text);
        Assert.True(SmppTime.TryParse(text, Now, out var back));
        Assert.Equal(value, back);
        Assert.Equal("000002030405000R", SmppTime.FormatRelative(new TimeSpan(2, 3, 4, 5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SmppTime.FormatAbsolute(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromMinutes(10))));
    }
}
