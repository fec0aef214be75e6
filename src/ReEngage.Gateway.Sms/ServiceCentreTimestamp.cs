namespace ReEngage.Gateway.Sms;

/// <summary>TP-SCTS / TP-DT: seven swapped-BCD octets, the last one the time zone in quarter hours.</summary>
internal static class ServiceCentreTimestamp
{
    public const int Length = 7;

    /// <summary>
    /// Decodes a timestamp, tolerating what real SMSCs send: a nibble above 9 is read as its value
    /// (some networks do), and a time zone beyond ±14 h is taken as UTC. Returns null when the fields
    /// do not form a date at all (e.g. month 13) rather than inventing one.
    /// </summary>
    public static DateTimeOffset? Read(ReadOnlySpan<byte> octets)
    {
        var year = Swapped(octets[0]);
        var month = Swapped(octets[1]);
        var day = Swapped(octets[2]);
        var hour = Swapped(octets[3]);
        var minute = Swapped(octets[4]);
        var second = Swapped(octets[5]);
        var tz = octets[6];
        var quarters = ((tz & 0x07) * 10) + (tz >> 4);
        var offsetMinutes = quarters * 15 * ((tz & 0x08) != 0 ? -1 : 1);
        if (Math.Abs(offsetMinutes) > 14 * 60)
        {
            offsetMinutes = 0;
        }

        // Two-digit years: 23.040 gives no century; GSM started in 1991, so 90–99 are 19xx.
        var fullYear = year >= 90 ? 1900 + year : 2000 + year;
        if (year > 99 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(fullYear, month) || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        return new DateTimeOffset(fullYear, month, day, hour, minute, second, TimeSpan.FromMinutes(offsetMinutes));
    }

    public static void Write(DateTimeOffset value, Span<byte> destination)
    {
        destination[0] = Swap(value.Year % 100);
        destination[1] = Swap(value.Month);
        destination[2] = Swap(value.Day);
        destination[3] = Swap(value.Hour);
        destination[4] = Swap(value.Minute);
        destination[5] = Swap(value.Second);
        var quarters = (int)(value.Offset.TotalMinutes / 15);
        var tz = Swap(Math.Abs(quarters));
        destination[6] = quarters < 0 ? (byte)(tz | 0x08) : tz;
    }

    private static int Swapped(byte b) => ((b & 0x0F) * 10) + (b >> 4);

    private static byte Swap(int value) => (byte)(((value % 10) << 4) | (value / 10 % 10));
}
