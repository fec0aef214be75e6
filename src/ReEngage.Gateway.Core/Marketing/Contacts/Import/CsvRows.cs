using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>Reading a CSV file into validated rows: header mapping and normalisation, file-level errors, field access.</summary>
internal static class CsvRows
{
    internal static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    internal static string? Get(string?[] values, Dictionary<string, int> columns, string field) =>
        columns.TryGetValue(field, out var index) && index < values.Length && values[index] is { Length: > 0 } v ? v.Trim() : null;

    /// <summary>The file's own column name for one of our fields (firstName → the column mapped to first_name).</summary>
    internal static string ColumnFor(string field, Dictionary<string, int> columns, string[] header)
    {
        var snake = string.Concat(field.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));
        return columns.TryGetValue(snake, out var index) ? header[index] : field;
    }

    /// <summary>Reads the whole file; null rows when the file itself is unreadable (errors say where).</summary>
    internal static (List<(int Line, string?[] Values)>? Rows, Dictionary<string, int> Columns, string[] Header, IReadOnlyList<string> Ignored) Read(
        TextReader csv, IReadOnlyDictionary<string, string> mapping, IReadOnlyList<string> fields, List<ImportError> errors)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            TrimOptions = TrimOptions.Trim,
            MissingFieldFound = null,
        };
        var badData = new List<ImportError>();
        var recordStart = 1;
        config.BadDataFound = args => badData.Add(new ImportError(recordStart, null, $"The file is not valid CSV here: a quote is misplaced or never closed near \"{Truncate(args.RawRecord)}\"."));
        var rows = new List<(int, string?[])>();
        try
        {
            using var reader = new CsvReader(csv, config);
            if (!reader.Read() || !reader.ReadHeader() || reader.HeaderRecord is not { Length: > 0 } header)
            {
                errors.Add(new ImportError(0, null, "The file is empty: the first line must name the columns."));
                return (null, columns, [], []);
            }

            var known = fields.Where(f => !f.EndsWith('>')).ToHashSet(StringComparer.Ordinal);
            var headerIndex = header.Select((h, i) => (h, i)).GroupBy(x => x.h.Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
            foreach (var (field, column) in mapping)
            {
                var f = field.Trim().ToLowerInvariant();
                if (!known.Contains(f) && !(f.StartsWith("attr.", StringComparison.Ordinal) && fields.Contains("attr.<name>")))
                {
                    errors.Add(new ImportError(0, f, $"'{f}' is not a field: use {string.Join(", ", fields)}."));
                }
                else if (!headerIndex.TryGetValue(column, out var index))
                {
                    errors.Add(new ImportError(1, f, $"The file has no column '{column}' (it has {string.Join(", ", header)})."));
                }
                else
                {
                    columns[f] = index;
                }
            }

            var ignored = new List<string>();
            for (var i = 0; i < header.Length; i++)
            {
                var name = Normalize(header[i]);
                if (columns.ContainsValue(i))
                {
                    continue;
                }

                if ((known.Contains(name) || (name.StartsWith("attr.", StringComparison.Ordinal) && name.Length > 5 && fields.Contains("attr.<name>"))) && !columns.ContainsKey(name))
                {
                    columns[name] = i;
                }
                else
                {
                    ignored.Add(header[i]);
                }
            }

            recordStart = reader.Parser.RawRow + 1;
            while (reader.Read())
            {
                // A quoted field may span lines: a record is reported by the line it starts on.
                var line = recordStart;
                recordStart = reader.Parser.RawRow + 1;
                var values = new string?[header.Length];
                for (var i = 0; i < header.Length; i++)
                {
                    values[i] = reader.TryGetField<string>(i, out var v) ? v : null;
                }

                if (values.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                rows.Add((line, values));
            }

            if (badData.Count > 0)
            {
                errors.AddRange(badData);
                return (null, columns, [], []);
            }

            return (rows, columns, header, ignored);
        }
        catch (CsvHelperException ex)
        {
            errors.Add(new ImportError(ex.Context?.Parser?.RawRow ?? 0, null, $"The file is not valid CSV here: {ex.Message.Split('\n')[0]}"));
            return (null, columns, [], []);
        }
    }

    internal static string Truncate(string text) => text.Length > 40 ? text[..40] + "…" : text.TrimEnd('\r', '\n');

    /// <summary>"First Name", "firstName", "first-name" → first_name.</summary>
    internal static string Normalize(string header)
    {
        var h = header.Trim();
        if (h.StartsWith("attr.", StringComparison.OrdinalIgnoreCase))
        {
            return "attr." + SegmentCompiler.NormalizeAttribute(h[5..]);
        }

        var snake = string.Concat(h.Select((c, i) => char.IsUpper(c) && i > 0 && char.IsLower(h[i - 1]) ? "_" + c : c.ToString()));
        return snake.ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
    }
}
