using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Phones;

using static ReEngage.Gateway.Core.Marketing.CsvRows;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>A problem with one row (or the file itself, line 0).</summary>
public sealed record ImportError(int Line, string? Field, string Message);

/// <summary>What an import did, or would do on a dry run.</summary>
public sealed record ImportReport(bool DryRun, bool Imported, int Rows, int Created, int Updated, IReadOnlyList<ImportError> Errors, IReadOnlyList<string> IgnoredColumns)
{
    /// <summary>How dates that are not ISO were read (contact files with such dates only).</summary>
    public ImportDateReading? Dates { get; init; }
}

/// <summary>
/// CSV import of contacts and events (CsvHelper). Every row is validated first; a file with any bad row
/// imports nothing and reports each bad row with its line and reason. A good file is written in one
/// transaction: imported whole or not at all.
/// </summary>
public sealed class CsvImport(GatewayDbContext db, PhoneNumberNormalizer phones, Transactions transactions, ActivityRecorder recorder, Microsoft.Extensions.Options.IOptions<GatewayOptions> options, TimeProvider time)
{
    public const int MaxErrors = 1000;

    public static readonly IReadOnlyList<string> ContactFields = ["phone", "external_id", "first_name", "last_name", "birthday", "language", "time_zone", "tags", "status", "consent_source", "consent_at", "last_purchase", "last_visit", "attr.<name>"];

    public static readonly IReadOnlyList<string> EventFields = ["external_id", "phone", "type", "at", "value", "currency"];

    /// <summary>
    /// Imports contacts. <paramref name="mapping"/> maps our field names to the file's column names; <paramref name="dates"/>
    /// is the order of day and month in dates that are not ISO (null: as the file shows, else as the business's region writes them).
    /// </summary>
    public async Task<ImportReport> ImportContactsAsync(TextReader csv, IReadOnlyDictionary<string, string> mapping, ConsentInput? consent, bool dryRun, CancellationToken cancellationToken, DateOrder? dates = null)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(mapping);
        var errors = new List<ImportError>();
        var (rows, columns, header, ignored) = Read(csv, mapping, ContactFields, errors);
        if (rows is null)
        {
            return new ImportReport(dryRun, false, 0, 0, 0, errors, ignored);
        }

        if (!columns.ContainsKey("phone"))
        {
            errors.Add(new ImportError(1, "phone", "There is no phone column: map one with map.phone=<column>."));
        }

        var hasRowConsent = columns.ContainsKey("consent_source");
        if (!hasRowConsent && string.IsNullOrWhiteSpace(consent?.Source))
        {
            errors.Add(new ImportError(0, "consent", "Say where and how these contacts agreed to receive SMS (the consent basis, e.g. \"shop sign-up form\"), or add a consent_source column to the file."));
        }

        var now = time.GetUtcNow();
        var fileDates = ContactFileDates.For(rows, columns, dates, options.Value.DefaultRegion);
        ImportReport Report(ImportReport report) => report with { Dates = fileDates.Reading };
        var valid = new List<ImportRow>();
        var seenPhones = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenIds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, values) in rows)
        {
            var input = new ContactInput
            {
                Phone = Get(values, columns, "phone"),
                ExternalId = Get(values, columns, "external_id"),
                FirstName = Get(values, columns, "first_name"),
                LastName = Get(values, columns, "last_name"),
                Birthday = Get(values, columns, "birthday") is { } birthday
                    ? fileDates.Date(birthday, line, ColumnFor("birthday", columns, header), errors)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : null,
                Language = Get(values, columns, "language"),
                TimeZone = Get(values, columns, "time_zone"),
                Status = Get(values, columns, "status"),
                Tags = columns.ContainsKey("tags") ? [.. (Get(values, columns, "tags") ?? string.Empty).Split([';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : null,
                Attributes = columns.Keys.Where(k => k.StartsWith("attr.", StringComparison.Ordinal)).ToDictionary(k => k[5..], k => Get(values, columns, k) ?? string.Empty),
            };
            if (input.Attributes.Count == 0)
            {
                input.Attributes = null;
            }

            var rowConsent = consent;
            if (hasRowConsent && Get(values, columns, "consent_source") is { } rowSource)
            {
                DateTimeOffset? consentAt = null;
                if (Get(values, columns, "consent_at") is { } rawAt)
                {
                    consentAt = fileDates.Instant(rawAt, line, ColumnFor("consent_at", columns, header), errors);
                }

                rowConsent = new ConsentInput(rowSource, consentAt, consent?.Text);
            }
            else if (hasRowConsent && string.IsNullOrWhiteSpace(consent?.Source))
            {
                errors.Add(new ImportError(line, "consent_source", "The row has no consent source and the import states none."));
            }

            var (contact, fieldErrors) = ContactValidation.Validate(input, phones, phoneRequired: true);
            foreach (var (field, messages) in fieldErrors)
            {
                errors.AddRange(messages.Select(m => new ImportError(line, ColumnFor(field, columns, header), m)));
            }

            if (contact is null)
            {
                continue;
            }

            if (seenPhones.TryGetValue(contact.Phone!, out var first))
            {
                errors.Add(new ImportError(line, ColumnFor("phone", columns, header), $"{contact.Phone} is already on line {first}."));
                continue;
            }

            seenPhones[contact.Phone!] = line;
            if (input.ExternalId is { Length: > 0 } externalId)
            {
                if (seenIds.TryGetValue(externalId, out var firstId))
                {
                    errors.Add(new ImportError(line, ColumnFor("externalId", columns, header), $"External id '{externalId}' is already on line {firstId}."));
                    continue;
                }

                seenIds[externalId] = line;
            }

            valid.Add(new ImportRow(line, contact, rowConsent ?? new ConsentInput(null, null, null), hasRowConsent, ActivityColumns.Read(values, columns, header, line, fileDates, errors)));
            if (errors.Count >= MaxErrors)
            {
                break;
            }
        }

        // External ids that belong to a contact with another number would break the upsert: report them by line.
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in seenIds.Keys.Chunk(500))
        {
            foreach (var owner in await db.Contacts.AsNoTracking().Where(c => chunk.Contains(c.ExternalId!)).Select(c => new { c.ExternalId, c.Phone }).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                owners[owner.ExternalId!] = owner.Phone;
            }
        }

        foreach (var row in valid)
        {
            if (row.Contact.Input.ExternalId is { Length: > 0 } id && owners.TryGetValue(id, out var phone) && phone != row.Contact.Phone)
            {
                errors.Add(new ImportError(row.Line, ColumnFor("externalId", columns, header), $"External id '{id}' belongs to the contact {phone}."));
            }
        }

        var writer = new ContactImportWriter(db, recorder);
        List<ImportError> Refused(ContactImportWriter.Known known) =>
            [.. ContactImportWriter.Refusals(valid, known).Select(r => new ImportError(r.Line, ColumnFor("status", columns, header), r.Message))];
        if (errors.Count > 0 || dryRun)
        {
            var known = await writer.ReadAsync(seenPhones.Keys, cancellationToken).ConfigureAwait(false);
            errors.AddRange(Refused(known));
            errors.Sort((a, b) => a.Line.CompareTo(b.Line));
            var existing = known.Contacts.Count;
            return Report(new ImportReport(dryRun, false, rows.Count, errors.Count > 0 ? 0 : valid.Count - existing, errors.Count > 0 ? 0 : existing, errors, ignored));
        }

        // Read, checked and written in one transaction: the statuses decided are those the rows are written over.
        var created = await transactions.RunAsync(db, async (connection, transaction) =>
        {
            var known = await writer.ReadAsync(seenPhones.Keys, cancellationToken).ConfigureAwait(false);
            errors.AddRange(Refused(known));
            return errors.Count > 0 ? -1 : await writer.WriteAsync(connection, transaction, valid, known, now, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        return created < 0
            ? Report(new ImportReport(false, false, rows.Count, 0, 0, errors, ignored))
            : Report(new ImportReport(false, true, rows.Count, created, valid.Count - created, errors, ignored));
    }

    /// <summary>Imports activity events; every row must name a known contact.</summary>
    public async Task<ImportReport> ImportEventsAsync(TextReader csv, IReadOnlyDictionary<string, string> mapping, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(mapping);
        var errors = new List<ImportError>();
        var (rows, columns, header, ignored) = Read(csv, mapping, EventFields, errors);
        string Col(string field) => columns.TryGetValue(field, out var i) ? header[i] : field;
        if (rows is null)
        {
            return new ImportReport(dryRun, false, 0, 0, 0, errors, ignored);
        }

        if (!columns.ContainsKey("external_id") && !columns.ContainsKey("phone"))
        {
            errors.Add(new ImportError(1, "external_id", "Name the contact with an external_id or a phone column."));
        }

        foreach (var required in new[] { "type", "at" })
        {
            if (!columns.ContainsKey(required))
            {
                errors.Add(new ImportError(1, required, $"There is no {required} column."));
            }
        }

        if (errors.Count > 0)
        {
            return new ImportReport(dryRun, false, rows.Count, 0, 0, errors, ignored);
        }

        var externalIds = rows.Select(r => Get(r.Values, columns, "external_id")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var phoneNumbers = rows.Select(r => Get(r.Values, columns, "phone")).OfType<string>().Select(p => phones.TryNormalize(p, out var e, out _) ? e : null).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var byExternal = new Dictionary<string, long>(StringComparer.Ordinal);
        var byPhone = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var chunk in externalIds.Chunk(500))
        {
            foreach (var c in await db.Contacts.AsNoTracking().Where(c => chunk.Contains(c.ExternalId!)).Select(c => new { c.Id, c.ExternalId }).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                byExternal[c.ExternalId!] = c.Id;
            }
        }

        foreach (var chunk in phoneNumbers.Chunk(500))
        {
            foreach (var c in await db.Contacts.AsNoTracking().Where(c => chunk.Contains(c.Phone)).Select(c => new { c.Id, c.Phone }).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                byPhone[c.Phone] = c.Id;
            }
        }

        var now = time.GetUtcNow();
        var events = new List<NewActivity>();
        foreach (var (line, values) in rows)
        {
            long? contact = null;
            if (Get(values, columns, "external_id") is { } externalId)
            {
                contact = byExternal.TryGetValue(externalId, out var id) ? id : null;
                if (contact is null)
                {
                    errors.Add(new ImportError(line, Col("external_id"), $"No contact has the external id '{externalId}'."));
                }
            }
            else if (Get(values, columns, "phone") is { } phone)
            {
                if (!phones.TryNormalize(phone, out var e164, out var phoneError))
                {
                    errors.Add(new ImportError(line, Col("phone"), phoneError));
                }
                else if (byPhone.TryGetValue(e164, out var id))
                {
                    contact = id;
                }
                else
                {
                    errors.Add(new ImportError(line, Col("phone"), $"No contact has the number {e164}."));
                }
            }
            else
            {
                errors.Add(new ImportError(line, null, "The row names no contact (external_id or phone)."));
            }

            var typeText = Get(values, columns, "type");
            if (!SegmentRule.TryParseEvent(typeText, out var type) || type is null)
            {
                errors.Add(new ImportError(line, Col("type"), $"'{typeText}' is not an event type: use {string.Join(", ", Enum.GetValues<ActivityType>().Select(SegmentRule.EventName))}."));
            }

            var atText = Get(values, columns, "at");
            if (!DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                errors.Add(new ImportError(line, Col("at"), $"'{atText}' is not a date and time (use ISO 8601, e.g. 2026-03-01T10:00:00Z)."));
            }
            else if (at > now.AddDays(1))
            {
                errors.Add(new ImportError(line, Col("at"), $"{at:yyyy-MM-dd} is in the future."));
            }

            double? value = null;
            if (Get(values, columns, "value") is { } valueText)
            {
                if (double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
                {
                    value = parsed;
                }
                else
                {
                    errors.Add(new ImportError(line, Col("value"), $"'{valueText}' is not a number (use a dot for decimals)."));
                }
            }

            var currency = Get(values, columns, "currency")?.Trim().ToUpperInvariant();
            if (currency is { Length: > 0 } && !Currencies.IsCode(currency))
            {
                errors.Add(new ImportError(line, Col("currency"), $"'{currency}' is not a currency code (three letters, e.g. EUR)."));
            }

            if (contact is { } c && type is { } t && errors.Count == 0)
            {
                events.Add(new NewActivity(c, t, at, value, "import", currency is { Length: > 0 } ? currency : null));
            }

            if (errors.Count >= MaxErrors)
            {
                break;
            }
        }

        if (errors.Count > 0 || dryRun)
        {
            return new ImportReport(dryRun, false, rows.Count, errors.Count > 0 ? 0 : events.Count, 0, errors, ignored);
        }

        await recorder.RecordAsync(events, cancellationToken).ConfigureAwait(false);
        return new ImportReport(false, true, rows.Count, events.Count, 0, errors, ignored);
    }
}
