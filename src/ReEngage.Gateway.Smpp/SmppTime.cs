using System.Globalization;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// SMPP time strings (§7.1.1): absolute "YYMMDDhhmmsstnnp" (t tenths of a second, nn the offset from UTC in
/// quarter hours, p '+' or '-') and relative "YYMMDDhhmmss000R" (a span from now).
/// </summary>
public static class SmppTime
{
    /// <summary>
    /// Parses a time field. Empty is "not given" (null). False when the text is not a valid SMPP time
    /// (the server answers ESME_RINVSCHED or ESME_RINVEXPIRY, depending on the field).
    /// </summary>
    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (text.Length != 16 || !AllDigits(text.AsSpan(0, 15)))
        {
            return false;
        }

        int Two(int at) => ((text[at] - '0') * 10) + (text[at + 1] - '0');
        var (yy, mm, dd, hh, mi, ss) = (Two(0), Two(2), Two(4), Two(6), Two(8), Two(10));
        var tenths = text[12] - '0';
        var quarters = Two(13);
        switch (text[15])
        {
            case 'R':
                // Relative: each field is an amount, not a calendar position, so 00 months and 00 days are fine.
                if (tenths != 0 || quarters != 0 || hh > 23 || mi > 59 || ss > 59)
                {
                    return false;
                }

                value = now.AddYears(yy).AddMonths(mm).AddDays(dd).AddHours(hh).AddMinutes(mi).AddSeconds(ss);
                return true;
            case '+' or '-':
                if (quarters > 48 || mm is < 1 or > 12 || dd < 1 || dd > DateTime.DaysInMonth(2000 + yy, mm) || hh > 23 || mi > 59 || ss > 59)
                {
                    return false;
                }

                var offset = TimeSpan.FromMinutes(quarters * 15 * (text[15] == '-' ? -1 : 1));
                value = new DateTimeOffset(2000 + yy, mm, dd, hh, mi, ss, offset).AddMilliseconds(tenths * 100);
                return true;
            default:
                return false;
        }
    }

    /// <summary>An absolute time in its own offset (which must be whole quarter hours within ±12 h).</summary>
    public static string FormatAbsolute(DateTimeOffset value)
    {
        var minutes = (int)value.Offset.TotalMinutes;
        if (minutes % 15 != 0 || Math.Abs(minutes) > 48 * 15 || value.Year is < 2000 or > 2099)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "SMPP times have quarter-hour offsets within ±12 h and years 2000–2099.");
        }

        var tenths = value.Millisecond / 100;
        return string.Create(CultureInfo.InvariantCulture, $"{value:yyMMddHHmmss}{tenths}{Math.Abs(minutes) / 15:00}{(minutes < 0 ? '-' : '+')}");
    }

    /// <summary>A relative time (days, hours, minutes, seconds; at most 99 days).</summary>
    public static string FormatRelative(TimeSpan span)
    {
        if (span < TimeSpan.Zero || span.Days > 99)
        {
            throw new ArgumentOutOfRangeException(nameof(span), span, "Relative SMPP times are 0 to 99 days here.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"0000{span.Days:00}{span.Hours:00}{span.Minutes:00}{span.Seconds:00}000R");
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
