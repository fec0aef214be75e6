using System.Globalization;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>A report's time frame from <c>?from=&amp;to=</c>: dates (whole days in the business's time zone, <c>to</c> included) or instants.</summary>
internal static class ReportQuery
{
    public static (ReportRange? Range, Dictionary<string, string[]>? Errors) Parse(string? from, string? to, TimeZoneInfo zone)
    {
        var errors = new Dictionary<string, string[]>();
        var start = Read(from, "from", zone, endOfDay: false, errors);
        var end = Read(to, "to", zone, endOfDay: true, errors);
        if (errors.Count == 0 && start is { } s && end is { } e && e <= s)
        {
            errors["to"] = ["'to' must be after 'from'."];
        }

        return errors.Count > 0 ? (null, errors) : (new ReportRange(start, end), null);
    }

    private static DateTimeOffset? Read(string? value, string name, TimeZoneInfo zone, bool endOfDay, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var local = (endOfDay ? day.AddDays(1) : day).ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        errors[name] = [$"'{value}' is not a date (2026-12-01) or a date and time (2026-12-01T08:00:00Z)."];
        return null;
    }
}
