namespace ReEngage.Gateway.Sms;

/// <summary>TP-VP in the relative format (3GPP TS 23.040 §9.2.3.12.1).</summary>
public static class ValidityPeriod
{
    /// <summary>The longest relative validity period: 63 weeks.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(63 * 7);

    /// <summary>
    /// The relative TP-VP octet for a period: the longest encodable period that is not longer than asked
    /// (so a message is never delivered after the deadline it was given), at least 5 minutes.
    /// </summary>
    public static byte ToRelative(TimeSpan period)
    {
        var minutes = period.TotalMinutes;
        if (minutes < 10)
        {
            return 0;
        }

        if (minutes <= 12 * 60)
        {
            return (byte)((int)(minutes / 5) - 1);
        }

        if (minutes < 2 * 24 * 60)
        {
            return (byte)Math.Min(167, 143 + (int)((minutes - (12 * 60)) / 30));
        }

        var days = (int)period.TotalDays;
        if (days <= 34)
        {
            return (byte)(166 + Math.Min(days, 30));
        }

        return (byte)(192 + Math.Min(days / 7, 63));
    }

    /// <summary>The period a relative TP-VP octet stands for.</summary>
    public static TimeSpan FromRelative(byte value) => value switch
    {
        <= 143 => TimeSpan.FromMinutes((value + 1) * 5),
        <= 167 => TimeSpan.FromHours(12) + TimeSpan.FromMinutes((value - 143) * 30),
        <= 196 => TimeSpan.FromDays(value - 166),
        _ => TimeSpan.FromDays((value - 192) * 7),
    };
}
