using System.Globalization;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>How a file writes its dates when they are not ISO (yyyy-mm-dd).</summary>
public enum DateOrder
{
    /// <summary>31/12/1990: most of the world, Italy included.</summary>
    DayMonthYear,

    /// <summary>12/31/1990: the United States and a few others.</summary>
    MonthDayYear,
}

/// <summary>
/// Dates as a shop's spreadsheet writes them: ISO (1990-12-31), or day and month in the region's order with
/// '/', '.' or '-' and a four-digit year (31/12/1990, 31.12.1990), optionally followed by a time
/// (Excel writes "31/12/1990 00:00"). Nothing here guesses silently: <see cref="Read"/> says which order a
/// file shows, and how many of its values could be read both ways.
/// </summary>
public static class ImportDates
{
    // Regions that write the month first (CLDR's short date patterns); everyone else writes the day first.
    private static readonly HashSet<string> MonthFirst = new(StringComparer.OrdinalIgnoreCase) { "US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "VI", "UM" };

    public static DateOrder ForRegion(string? region) => region is not null && MonthFirst.Contains(region) ? DateOrder.MonthDayYear : DateOrder.DayMonthYear;

    /// <summary>"dmy" or "mdy", as the API names the orders.</summary>
    public static string Code(DateOrder order) => order == DateOrder.MonthDayYear ? "mdy" : "dmy";

    public static DateOrder? FromCode(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "dmy" => DateOrder.DayMonthYear,
        "mdy" => DateOrder.MonthDayYear,
        _ => null,
    };

    /// <summary>
    /// Which order a file's values show: a first number above 12 is a day (day first), a second above 12 is
    /// a day (month first). Evidence both ways, or none, leaves the choice to the caller (null); the count of
    /// values that read as two different dates is returned either way.
    /// </summary>
    public static (DateOrder? Shown, bool Conflicting, int Ambiguous, string? Example) Read(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var (dayFirst, monthFirst, ambiguous) = (false, false, 0);
        string? example = null;
        foreach (var value in values)
        {
            if (Split(value) is not var (a, b, _, _))
            {
                continue;
            }

            dayFirst |= a > 12 && b <= 12;
            monthFirst |= b > 12 && a <= 12;
            if (a <= 12 && b <= 12 && a != b)
            {
                ambiguous++;
                example ??= value.Trim();
            }
        }

        var shown = dayFirst == monthFirst ? (DateOrder?)null : dayFirst ? DateOrder.DayMonthYear : DateOrder.MonthDayYear;
        return (shown, dayFirst && monthFirst, ambiguous, example);
    }

    /// <summary>The date, or null with what to write instead.</summary>
    public static DateOnly? Parse(string value, DateOrder order, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        problem = null;
        var text = WithoutTime(value.Trim());
        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
        {
            return iso;
        }

        var example = order == DateOrder.MonthDayYear ? "12/31/1990" : "31/12/1990";
        if (Split(value) is not var (a, b, year, yearDigits))
        {
            problem = $"'{value}' is not a date: write it as {example} or 1990-12-31.";
            return null;
        }

        if (yearDigits != 4)
        {
            problem = $"'{value}': write the year with four digits ({example}), so the century is not guessed.";
            return null;
        }

        var (day, month) = order == DateOrder.MonthDayYear ? (b, a) : (a, b);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            var reading = order == DateOrder.MonthDayYear ? "month/day/year" : "day/month/year";
            problem = $"'{value}' is not a date when read as {reading}: check the day and month, or choose the other order.";
            return null;
        }

        return new DateOnly(year, month, day);
    }

    private static string WithoutTime(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && text[(space + 1)..].Contains(':', StringComparison.Ordinal) ? text[..space] : text;
    }

    // Two numbers and a year with '/', '.' or '-' between them (the year last); null for anything else.
    private static (int A, int B, int Year, int YearDigits)? Split(string value)
    {
        var parts = WithoutTime(value.Trim()).Split('/', '.', '-');
        if (parts.Length != 3 || parts[0].Length is < 1 or > 2 || parts[1].Length is < 1 or > 2 || parts[2].Length is not (2 or 4)
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return null;
        }

        return (a, b, year, parts[2].Length);
    }
}
