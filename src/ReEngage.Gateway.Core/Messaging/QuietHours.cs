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
}
