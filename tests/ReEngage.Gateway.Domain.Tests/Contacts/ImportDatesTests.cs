using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Domain.Tests.Contacts;

/// <summary>Dates as Italian, British and American spreadsheets write them, never guessed silently.</summary>
public sealed class ImportDatesTests
{
    [Theory]
    [InlineData("31/12/1990", "1990-12-31")]
    [InlineData("5/6/1990", "1990-06-05")]
    [InlineData("05.06.1990", "1990-06-05")]
    [InlineData("05-06-1990", "1990-06-05")]
    [InlineData("15/03/2026 00:00", "2026-03-15")]
    [InlineData("15/03/2026 10:30:00", "2026-03-15")]
    [InlineData("1990-12-31", "1990-12-31")]
    [InlineData("1990/12/31", "1990-12-31")]
    public void DayFirst_ReadsWhatAnItalianSpreadsheetWrites(string value, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ImportDates.Parse(value, DateOrder.DayMonthYear, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("12/31/1990", "1990-12-31")]
    [InlineData("6/5/1990", "1990-06-05")]
    [InlineData("1990-12-31", "1990-12-31")]
    public void MonthFirst_ReadsWhatAnAmericanSpreadsheetWrites(string value, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ImportDates.Parse(value, DateOrder.MonthDayYear, out _));

    [Theory]
    [InlineData("31/12/90", "four digits")]
    [InlineData("31/02/1990", "check the day and month")]
    [InlineData("12/31/1990", "choose the other order")]
    [InlineData("next tuesday", "write it as 31/12/1990 or 1990-12-31")]
    [InlineData("1990-13-01", "is not a date")]
    public void ABadValue_SaysWhatToWriteInstead(string value, string advice)
    {
        Assert.Null(ImportDates.Parse(value, DateOrder.DayMonthYear, out var problem));
        Assert.Contains(advice, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileShowsItsOrder_WhenOneValueCanOnlyBeReadOneWay()
    {
        var italian = ImportDates.Read(["05/06/1990", "31/01/1985", "1970-01-01"]);
        Assert.Equal(DateOrder.DayMonthYear, italian.Shown);
        Assert.False(italian.Conflicting);
        Assert.Equal(1, italian.Ambiguous);
        Assert.Equal("05/06/1990", italian.Example);

        Assert.Equal(DateOrder.MonthDayYear, ImportDates.Read(["05/06/1990", "01/31/1985"]).Shown);
    }

    [Fact]
    public void AFileThatShowsNoOrder_OrBoth_LeavesTheChoiceToTheCaller_AndCountsTheAmbiguousValues()
    {
        var unclear = ImportDates.Read(["05/06/1990", "03/04/2001", "07/07/1977"]);
        Assert.Null(unclear.Shown);
        Assert.Equal(2, unclear.Ambiguous); // 07/07 reads the same both ways

        var mixed = ImportDates.Read(["31/01/1985", "01/31/1985"]);
        Assert.Null(mixed.Shown);
        Assert.True(mixed.Conflicting);
    }

    [Theory]
    [InlineData("IT", DateOrder.DayMonthYear)]
    [InlineData("GB", DateOrder.DayMonthYear)]
    [InlineData("RO", DateOrder.DayMonthYear)]
    [InlineData("US", DateOrder.MonthDayYear)]
    [InlineData("us", DateOrder.MonthDayYear)]
    [InlineData(null, DateOrder.DayMonthYear)]
    public void TheRegionGivesTheDefault(string? region, DateOrder order) => Assert.Equal(order, ImportDates.ForRegion(region));
}
