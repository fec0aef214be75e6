namespace ReEngage.Gateway.Core.Messaging;

/// <summary>Whether marketing (low priority) traffic must wait at a given moment.</summary>
public static class QuietHours
{
    public static bool IsQuiet(QuietHoursOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Start is not { } start || options.End is not { } end)
        {
            return false;
        }

        var zone = options.TimeZone is { } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : TimeZoneInfo.Local;
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

        // A window over midnight (21:00–08:00) is the usual case.
        return start <= end ? local >= start && local < end : local >= start || local < end;
    }

    /// <summary>
    /// The first moment at or after <paramref name="now"/> outside the quiet window in <paramref name="zone"/>
    /// (a contact's own time zone), or null when sending now is fine.
    /// </summary>
    public static DateTimeOffset? NextAllowed(QuietHoursOptions options, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(zone);
        if (options.Start is not { } start || options.End is not { } end)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var quiet = start <= end ? time >= start && time < end : time >= start || time < end;
        if (!quiet)
        {
            return null;
        }

        var endDate = DateOnly.FromDateTime(local.DateTime);
        if (time >= end)
        {
            endDate = endDate.AddDays(1);
        }

        var endLocal = endDate.ToDateTime(end);
        return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal));
    }
}
