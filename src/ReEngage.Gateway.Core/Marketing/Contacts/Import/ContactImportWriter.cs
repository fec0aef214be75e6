using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Webhooks;

using static ReEngage.Gateway.Core.Marketing.CsvRows;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>One validated CSV row: its line, the contact, the consent stated for it, whether the row stated it itself, and its dated activities.</summary>
internal sealed record ImportRow(int Line, ValidContact Contact, ConsentInput Consent, bool OwnConsent, IReadOnlyList<ImportedActivity>? Activities = null);

/// <summary>
/// Writes validated contact rows with prepared statements (EF's change tracking would take minutes for
/// 100,000 rows), deciding each row's status and consent with the same rules as the API
/// (<see cref="ContactTransitions"/>, <see cref="ConsentRule"/>) and announcing each status change and
/// opt-out with the same webhook payloads, in the import's transaction.
/// </summary>
internal sealed class ContactImportWriter(GatewayDbContext db, ActivityRecorder recorder)
{
    private const int Chunk = 2000;

    // Columns on the right are qualified: PostgreSQL would not know the row's from the rejected one's (excluded).
    // The status and consent are decided in C# from the rows read in this transaction; the one guard left
    // here is for a STOP committed by another gateway of a fleet after that read: it wins.
    private const string UpsertSql = """
        INSERT INTO contacts ("Phone", "ExternalId", "FirstName", "LastName", "Birthday", "BirthMonth", "Language", "TimeZone", "Status",
                              "ConsentSource", "ConsentAt", "ConsentText", "CreatedAt", "UpdatedAt", "PurchaseCount")
        VALUES (@phone, @external, @first, @last, @birthday, @month, @language, @zone, @status, @consentSource, @consentAt, @consentText, @now, @now, 0)
        ON CONFLICT("Phone") DO UPDATE SET
          "ExternalId" = COALESCE(@external, contacts."ExternalId"),
          "FirstName" = COALESCE(@first, contacts."FirstName"),
          "LastName" = COALESCE(@last, contacts."LastName"),
          "Birthday" = COALESCE(@birthday, contacts."Birthday"),
          "BirthMonth" = COALESCE(@month, contacts."BirthMonth"),
          "Language" = COALESCE(@language, contacts."Language"),
          "TimeZone" = COALESCE(@zone, contacts."TimeZone"),
          "Status" = CASE WHEN contacts."Status" = 'OptedOut' THEN contacts."Status" ELSE @status END,
          "ConsentSource" = @consentSource,
          "ConsentAt" = @consentAt,
          "ConsentText" = @consentText,
          "UpdatedAt" = @now
        RETURNING "Id", "CreatedAt" = @now
        """;

    // An activity column's event, unless the contact already has that event (the same file imported again).
    private const string ActivitySql = """
        INSERT INTO activity_events ("ContactId", "Type", "At", "Value", "Source", "Currency")
        SELECT @contact, @type, @at, NULL, 'import', NULL
        WHERE NOT EXISTS (SELECT 1 FROM activity_events WHERE "ContactId" = @contact AND "Type" = @type AND "At" = @at)
        """;

    /// <summary>The contacts the file's numbers already have, and which numbers are on the opt-out list.</summary>
    public async Task<Known> ReadAsync(IEnumerable<string> phoneNumbers, CancellationToken cancellationToken)
    {
        var contacts = new Dictionary<string, KnownContact>(StringComparer.Ordinal);
        var optedOut = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in phoneNumbers.Chunk(Chunk))
        {
            foreach (var c in await db.Contacts.AsNoTracking().Where(c => chunk.Contains(c.Phone))
                .Select(c => new KnownContact(c.Id, c.Phone, c.ExternalId, c.Status, new RecordedConsent(c.ConsentSource, c.ConsentAt, c.ConsentText)))
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                contacts[c.Phone] = c;
            }

            optedOut.UnionWith(await db.OptOuts.AsNoTracking().Where(o => chunk.Contains(o.Phone)).Select(o => o.Phone).ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        return new Known(contacts, optedOut);
    }

    /// <summary>Rows whose status the rules refuse, with the API's own words.</summary>
    public static IEnumerable<(int Line, string Message)> Refusals(IEnumerable<ImportRow> rows, Known known)
    {
        foreach (var row in rows)
        {
            var phone = row.Contact.Phone!;
            if (row.Contact.Status is { } wanted
                && ContactTransitions.Refusal(phone, known.Contacts.TryGetValue(phone, out var c) ? c.Status : ContactStatus.Active, wanted, ContactChangeBy.Operator, known.OptedOut.Contains(phone)) is { } refusal)
            {
                yield return (row.Line, refusal);
            }
        }
    }

    /// <summary>Writes the rows in the caller's transaction; how many contacts were new.</summary>
    public async Task<int> WriteAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ImportRow> rows, Known known, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var upsert = RawSql.Command(connection, transaction, UpsertSql, "@phone", "@external", "@first", "@last", "@birthday", "@month", "@language", "@zone",
            "@status", "@consentSource", "@consentAt", "@consentText", "@now");
        await using var deleteTags = RawSql.Command(connection, transaction, "DELETE FROM contact_tags WHERE \"ContactId\" = @id", "@id");
        await using var insertTag = RawSql.Command(connection, transaction, "INSERT INTO contact_tags (\"ContactId\", \"Tag\") VALUES (@id, @tag)", "@id", "@tag");
        await using var deleteFields = RawSql.Command(connection, transaction, "DELETE FROM contact_attributes WHERE \"ContactId\" = @id", "@id");
        await using var insertField = RawSql.Command(connection, transaction, "INSERT INTO contact_attributes (\"ContactId\", \"Name\", \"Value\") VALUES (@id, @name, @value)", "@id", "@name", "@value");
        await using var optOut = RawSql.Command(connection, transaction, "INSERT INTO opt_outs (\"Phone\", \"At\", \"Source\") VALUES (@phone, @at, 'import') ON CONFLICT DO NOTHING", "@phone", "@at");
        await using var activity = RawSql.Command(connection, transaction, ActivitySql, "@contact", "@type", "@at");
        var webhooks = await WebhookOutbox.OpenAsync(db, cancellationToken).ConfigureAwait(false);
        var active = new List<long>();
        var created = 0;
        foreach (var row in rows)
        {
            var (contact, input) = (row.Contact, row.Contact.Input);
            var phone = contact.Phone!;
            var existing = known.Contacts.GetValueOrDefault(phone);
            var phoneOptedOut = known.OptedOut.Contains(phone);
            var from = existing?.Status;
            var status = phoneOptedOut ? ContactStatus.OptedOut : contact.Status ?? from ?? ContactStatus.Active;
            var consent = ConsentRule.Merge(existing?.Consent ?? default, row.Consent, row.OwnConsent, now);
            RawSql.Set(upsert, phone, Blank(input.ExternalId), Blank(input.FirstName), Blank(input.LastName),
                contact.Birthday, contact.Birthday?.Month, Blank(input.Language), Blank(input.TimeZone),
                status.ToString(), consent.Source, consent.At?.UtcTicks, consent.Text, now.UtcTicks);
            long id;
            await using (var reader = await upsert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                id = reader.GetInt64(0);
                created += reader.GetBoolean(1) ? 1 : 0;
            }

            if (contact.Tags is { } tags)
            {
                RawSql.Set(deleteTags, id);
                await deleteTags.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                foreach (var tag in tags)
                {
                    RawSql.Set(insertTag, id, tag);
                    await insertTag.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (contact.Attributes is { } attributes)
            {
                RawSql.Set(deleteFields, id);
                await deleteFields.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                foreach (var (name, value) in attributes)
                {
                    RawSql.Set(insertField, id, name, value);
                    await insertField.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (row.Activities is { } activities)
            {
                foreach (var (type, at) in activities)
                {
                    RawSql.Set(activity, id, (int)type, at.UtcTicks);
                    await activity.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                active.Add(id);
            }

            if (status == ContactStatus.OptedOut && !phoneOptedOut)
            {
                RawSql.Set(optOut, phone, now.UtcTicks);
                if (await optOut.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    webhooks.Add(WebhookEvents.ContactOptOut, new ContactOptOutPayload(phone, now, "import", null, id, Blank(input.ExternalId) ?? existing?.ExternalId), now);
                }
            }

            // A new contact is announced only when it does not start active, as the API's would be.
            if (status != (from ?? ContactStatus.Active))
            {
                var payload = ContactStatusPayload.Of(id, Blank(input.ExternalId) ?? existing?.ExternalId, phone, from, status, ContactChangeBy.Operator, "import");
                webhooks.AddEach(ContactStatusPayload.Events(from, status), payload, now);
            }
        }

        // The contacts' Last*At dates, purchase rhythm and automation runs follow their new events, as after any event.
        await recorder.RefreshAsync(connection, transaction, active, cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return created;
    }

    /// <summary>A contact already stored for one of the file's numbers.</summary>
    internal sealed record KnownContact(long Id, string Phone, string? ExternalId, ContactStatus Status, RecordedConsent Consent);

    /// <summary>What the database holds on the file's numbers.</summary>
    internal sealed record Known(IReadOnlyDictionary<string, KnownContact> Contacts, IReadOnlySet<string> OptedOut);
}
