using static ReEngage.Gateway.Core.Marketing.CsvRows;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>A dated activity that came in as a column of the contact file (last_purchase, last_visit).</summary>
internal readonly record struct ImportedActivity(ActivityType Type, DateTimeOffset At);

/// <summary>
/// The contact file's activity columns: a shop's spreadsheet has "last purchase" beside the name, so it comes in
/// with the contacts instead of needing a second file of events. Each date becomes an event at noon UTC — the same
/// calendar day wherever the shop is (UTC−11 to UTC+11) — and importing the file again adds nothing twice.
/// </summary>
internal static class ActivityColumns
{
    private static readonly (string Field, ActivityType Type)[] Fields = [("last_purchase", ActivityType.Purchase), ("last_visit", ActivityType.Visit)];

    public static IReadOnlyList<ImportedActivity>? Read(string?[] values, Dictionary<string, int> columns, string[] header, int line, ContactFileDates dates, List<ImportError> errors)
    {
        List<ImportedActivity>? activities = null;
        foreach (var (field, type) in Fields)
        {
            if (Get(values, columns, field) is { } value && dates.Date(value, line, ColumnFor(field, columns, header), errors) is { } date)
            {
                (activities ??= []).Add(new ImportedActivity(type, new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero)));
            }
        }

        return activities;
    }
}
