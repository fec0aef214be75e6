using System.Globalization;

using static ReEngage.Gateway.Core.Marketing.CsvRows;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// How an import read the file's dates that are not ISO: <c>dmy</c> or <c>mdy</c>; <c>source</c> says why (<c>file</c>: a
/// value such as 31/01 can only be read that way; <c>region</c>: nothing in the file tells, so the business's region
/// decides; <c>choice</c>: the request chose). <c>ambiguous</c> counts values that read as two different dates
/// (05/06/1990), one of them as <c>example</c>: the preview shows them before anything is imported.
/// </summary>
public sealed record ImportDateReading(string Order, string Source, int Ambiguous, string? Example);

/// <summary>The contact file's date columns, read in one order for the whole file (never row by row).</summary>
internal sealed class ContactFileDates
{
    /// <summary>The contact fields that hold dates.</summary>
    public static readonly string[] Fields = ["birthday", "consent_at", "last_purchase", "last_visit"];

    private readonly DateOrder order;

    private ContactFileDates(DateOrder order, ImportDateReading? reading) => (this.order, Reading) = (order, reading);

    /// <summary>Null when every date in the file is ISO (nothing to choose).</summary>
    public ImportDateReading? Reading { get; }

    public static ContactFileDates For(IEnumerable<(int Line, string?[] Values)> rows, Dictionary<string, int> columns, DateOrder? chosen, string? region)
    {
        var values = rows.SelectMany(r => Fields.Select(f => Get(r.Values, columns, f)))
            .Where(v => v is { Length: > 0 } && !IsIso(v))
            .Select(v => v!)
            .ToList();
        var (shown, _, ambiguous, example) = ImportDates.Read(values);
        var order = chosen ?? shown ?? ImportDates.ForRegion(region);
        var source = chosen is not null ? "choice" : shown is not null ? "file" : "region";
        return new ContactFileDates(order, values.Count == 0 ? null : new ImportDateReading(ImportDates.Code(order), source, ambiguous, example));
    }

    /// <summary>A date field of a row, or null with the problem added to <paramref name="errors"/> (its line and column).</summary>
    public DateOnly? Date(string value, int line, string column, List<ImportError> errors)
    {
        if (ImportDates.Parse(value, order, out var problem) is { } date)
        {
            return date;
        }

        errors.Add(new ImportError(line, column, problem!));
        return null;
    }

    /// <summary>consent_at: an ISO instant as before, or a date in the file's order (midnight UTC).</summary>
    public DateTimeOffset? Instant(string value, int line, string column, List<ImportError> errors)
    {
        if (IsIso(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }

        return Date(value, line, column, errors) is { } date ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
    }

    private static bool IsIso(string? value) => value is { Length: >= 10 } v && char.IsAsciiDigit(v[0]) && v.Length > 4 && v[4] == '-';
}
