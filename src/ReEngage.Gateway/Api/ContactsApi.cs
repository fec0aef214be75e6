using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/contacts and /api/v1/events.</summary>
internal static class ContactsApi
{
    public const int MaxBulkEvents = 10_000;

    private static readonly string[] ExportColumns = ["id", "phone", "external_id", "first_name", "last_name", "birthday", "language", "time_zone", "status", "tags", "consent_source", "consent_at", "created_at", "last_activity_at"];

    public static RouteGroupBuilder MapContacts(this RouteGroupBuilder api)
    {
        api.MapPut("/contacts/{externalId}", PutAsync).WithName("PutContact").WithSummary("Create or update the contact with the shop's id");
        api.MapPost("/contacts", PostAsync).WithName("UpsertContact").WithSummary("Create or update a contact by phone number");
        api.MapGet("/contacts", ListAsync).WithQuery("status", "tag", "q", "segment", "after", "limit", "updatedSince").WithName("ListContacts").WithSummary("Contacts by status, tag, search text or segment, keyset-paged with 'after'");
        api.MapGet("/contacts/{id:long}", GetAsync).WithQuery().WithName("GetContact");

        // The shop's own ids may be numbers too: these routes never confuse them with ours.
        api.MapGet("/contacts/external/{externalId}", async (string externalId, ContactService contacts, CancellationToken ct) =>
            await contacts.ResolveAsync(externalId, null, ct) is { } id ? await GetAsync(id, contacts, ct) : NotFoundExternal(externalId)).WithName("GetContactByExternalId");
        api.MapDelete("/contacts/external/{externalId}", async (string externalId, ContactService contacts, CancellationToken ct) =>
            await contacts.ResolveAsync(externalId, null, ct) is { } id ? await EraseAsync(id, contacts, ct) : NotFoundExternal(externalId)).WithName("EraseContactByExternalId");
        api.MapGet("/contacts/external/{externalId}/export", async (string externalId, ContactService contacts, CancellationToken ct) =>
            await contacts.ResolveAsync(externalId, null, ct) is { } id ? await ExportAsync(id, contacts, ct) : NotFoundExternal(externalId)).WithName("ExportContactByExternalId");
        api.MapDelete("/contacts/{id:long}", EraseAsync).WithName("EraseContact").WithSummary("GDPR erasure: the person's data goes, an opt-out tombstone stays");
        api.MapGet("/contacts/{id:long}/export", ExportAsync).WithName("ExportContact").WithSummary("Everything held on a contact");
        api.MapGet("/contacts/{id:long}/timeline", TimelineAsync).WithQuery().WithName("ContactTimeline").WithSummary("Activity, messages, replies and automation steps, newest first");
        api.MapPost("/contacts/import", ImportContactsAsync).WithName("ImportContacts").WithSummary("CSV import (text/csv body): map.<field>=<column>, consentSource, dryRun");
        api.MapGet("/contacts/export", ExportCsvAsync).WithQuery("segment").WithName("ExportContacts").WithSummary("All contacts as CSV");
        api.MapPost("/events", EventAsync).WithName("RecordEvent").WithSummary("Record one activity event");
        api.MapPost("/events/bulk", EventsBulkAsync).WithName("RecordEvents").WithSummary($"Record up to {MaxBulkEvents} events; valid ones in one transaction");
        api.MapPost("/events/import", ImportEventsAsync).WithName("ImportEvents").WithSummary("CSV import of events (text/csv body)");
        return api;
    }

    private static async Task<IResult> PutAsync(string externalId, HttpRequest request, ContactService contacts, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<ContactInput>(request, json.Value.SerializerOptions);
        return problem ?? Upserted(await contacts.UpsertAsync(body!, externalId, request.HttpContext.RequestAborted));
    }

    private static async Task<IResult> PostAsync(HttpRequest request, ContactService contacts, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<ContactInput>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        return Upserted(await contacts.UpsertAsync(body!, null, request.HttpContext.RequestAborted, byPhone: true));
    }

    private static IResult Upserted(UpsertResult result) => result switch
    {
        { Errors: { } errors } => Results.ValidationProblem(errors, title: "The contact was not saved"),
        { Created: true } => Results.Created($"/api/v1/contacts/{result.Contact!.Id}", ContactView.Of(result.Contact)),
        _ => Results.Ok(ContactView.Of(result.Contact!)),
    };

    private static async Task<IResult> GetAsync(long id, ContactService contacts, CancellationToken cancellationToken) =>
        await contacts.FindAsync(id, cancellationToken) is { } contact ? Results.Ok(ContactView.Of(contact)) : NotFound(id);

    private static async Task<IResult> ListAsync(GatewayDbContext db, SegmentService segments, string? status, string? tag, string? q, long? segment, long? after, int? limit, string? updatedSince, CancellationToken cancellationToken)
    {
        var query = db.Contacts.AsNoTracking();
        if (updatedSince is not null)
        {
            // A shop or e-mail tool syncing back: everyone whose status (or anything else) changed since its last call.
            if (!DateTimeOffset.TryParse(updatedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["updatedSince"] = [$"'{updatedSince}' is not a date and time: use ISO 8601, e.g. 2026-12-01T00:00:00Z."] });
            }

            query = query.Where(c => c.UpdatedAt >= since);
        }

        if (segment is { } segmentId)
        {
            var stored = await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == segmentId, cancellationToken);
            if (stored is null)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["segment"] = [$"There is no segment {segmentId}."] });
            }

            query = segments.Members(SegmentService.ReadRule(stored));
        }

        if (status is not null)
        {
            if (!SegmentRule.TryParseStatus(status, out var parsed))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"'{status}' is not a status: use active, sleeping, unsubscribed or opted_out."] });
            }

            query = query.Where(c => c.Status == parsed);
        }

        if (tag is { Length: > 0 })
        {
            var normalized = SegmentCompiler.NormalizeTag(tag);
            query = query.Where(c => c.Tags.Any(t => t.Tag == normalized));
        }

        if (q is { Length: > 0 })
        {
            // Case-insensitive on both engines (PostgreSQL's LIKE is not); Contains escapes wildcards itself.
            var term = q.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(): no .NET culture is involved
            query = query.Where(c => c.Phone.Contains(term) || c.FirstName!.ToLower().Contains(term)
                || c.LastName!.ToLower().Contains(term) || c.ExternalId!.ToLower().Contains(term));
#pragma warning restore CA1304, CA1311, CA1862
        }

        if (after is { } cursor)
        {
            query = query.Where(c => c.Id > cursor);
        }

        if (!Paging.TryTake(limit, 50, out var take, out var badLimit))
        {
            return badLimit!;
        }

        var page = await query.OrderBy(c => c.Id).Take(take + 1).Include(c => c.Tags).Include(c => c.Attributes).AsSplitQuery().ToListAsync(cancellationToken);
        var items = page.Take(take).Select(ContactView.Of).ToList();
        return Results.Ok(new PageDto<ContactView>(items, page.Count > take ? items[^1].Id : null));
    }

    private static async Task<IResult> EraseAsync(long id, ContactService contacts, CancellationToken cancellationToken) =>
        await contacts.EraseAsync(id, cancellationToken) ? Results.NoContent() : NotFound(id);

    private static async Task<IResult> ExportAsync(long id, ContactService contacts, CancellationToken cancellationToken) =>
        await contacts.ExportAsync(id, cancellationToken) is { } export ? Results.Ok(export) : NotFound(id);

    private static async Task<IResult> TimelineAsync(long id, GatewayDbContext db, CancellationToken cancellationToken)
    {
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (contact is null)
        {
            return NotFound(id);
        }

        var items = new List<TimelineItem>();
        items.AddRange((await db.Events.AsNoTracking().Where(e => e.ContactId == id).OrderByDescending(e => e.At).Take(500).ToListAsync(cancellationToken))
            .Select(e => new TimelineItem(e.At, "event", SegmentRule.EventName(e.Type), e.Value?.ToString(CultureInfo.InvariantCulture), null)));
        items.AddRange((await db.Messages.AsNoTracking().Where(m => m.To == contact.Phone).OrderByDescending(m => m.Id).Take(200).ToListAsync(cancellationToken))
            .Select(m => new TimelineItem(m.CreatedAt, "message", m.Status.ToString().ToLowerInvariant(), m.Text, m.Id)));
        items.AddRange((await db.Inbound.AsNoTracking().Where(i => i.From == contact.Phone).OrderByDescending(i => i.Id).Take(200).ToListAsync(cancellationToken))
            .Select(i => new TimelineItem(i.ReceivedAt, "reply", i.Keyword ?? "text", i.Text, i.Id)));
        items.AddRange((await db.Sends.AsNoTracking().Where(s => s.ContactId == id).OrderByDescending(s => s.Id).Take(200).ToListAsync(cancellationToken))
            .Select(s => new TimelineItem(s.At, s.AutomationId is { } a ? $"automation:{a}" : $"campaign:{s.CampaignId}", $"step {s.Step} {s.Outcome.ToString().ToLowerInvariant()}", s.SkipReason, s.MessageId)));
        items.AddRange((await db.Runs.AsNoTracking().Where(r => r.ContactId == id).ToListAsync(cancellationToken))
            .SelectMany(r => new[] { new TimelineItem(r.EnrolledAt, $"automation:{r.AutomationId}", "enrolled", null, r.Id) }
                .Concat(r.EndedAt is { } ended ? [new TimelineItem(ended, $"automation:{r.AutomationId}", "ended", r.Outcome is { } o ? MarketingNames.Of(o) : null, r.Id)] : [])));

        // Which step a reply was counted for: a survey answer or a contest entry.
        items.AddRange((await db.Responses.AsNoTracking().Where(r => r.ContactId == id).OrderByDescending(r => r.Id).Take(200).ToListAsync(cancellationToken))
            .Select(r => new TimelineItem(r.At, r.AutomationId is { } a ? $"automation:{a}" : $"campaign:{r.CampaignId}", $"step {r.Step} {r.Kind}", r.Text, r.InboundId)));
        return Results.Ok(items.OrderByDescending(i => i.At));
    }

    private static async Task<IResult> ImportContactsAsync(HttpRequest request, CsvImport import, bool? dryRun, string? consentSource, string? consentText)
    {
        if (await CsvBodyProblemAsync(request) is { } problem)
        {
            return problem;
        }

        using var reader = await BufferedAsync(request);
        var consent = consentSource is null ? null : new ConsentInput(consentSource, null, consentText);
        var report = await import.ImportContactsAsync(reader, Mapping(request), consent, dryRun ?? false, request.HttpContext.RequestAborted);
        return ImportResult(report);
    }

    private static async Task<IResult> ImportEventsAsync(HttpRequest request, CsvImport import, bool? dryRun)
    {
        if (await CsvBodyProblemAsync(request) is { } problem)
        {
            return problem;
        }

        using var reader = await BufferedAsync(request);
        return ImportResult(await import.ImportEventsAsync(reader, Mapping(request), dryRun ?? false, request.HttpContext.RequestAborted));
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The whole file first (the parser reads synchronously, and a file is validated whole before anything
    /// is written), decoded as the charset the request names, else UTF-8, else Windows-1252 — what Excel
    /// writes in Western Europe when "CSV" is chosen instead of "CSV UTF-8": "Società" must not become "Societ�".
    /// </summary>
    private static async Task<TextReader> BufferedAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        string? contentType = request.ContentType;
        if (request.HasFormContentType)
        {
            // curl -F file=@customers.csv, or a browser form: the first file is the CSV.
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            var file = form.Files[0];
            contentType = file.ContentType;
            await using var upload = file.OpenReadStream();
            await upload.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        }
        else
        {
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var declared = MediaTypeHeaderValue.TryParse(contentType, out var type) && type.Charset.HasValue && type.Charset.Length > 0 ? TryEncoding(type.Charset.Value!.Trim('"')) : null;
        if (declared is not null)
        {
            return new StringReader(declared.GetString(bytes.StartsWith(declared.Preamble) ? bytes[declared.Preamble.Length..] : bytes));
        }

        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            return new StringReader(StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            return new StringReader(Windows1252.GetString(bytes));
        }
    }

    private static Encoding Windows1252
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1252);
        }
    }

    private static Encoding? TryEncoding(string name)
    {
        try
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static async Task<IResult?> CsvBodyProblemAsync(HttpRequest request)
    {
        var type = request.ContentType ?? string.Empty;
        if (request.HasFormContentType)
        {
            return type.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) && (await request.ReadFormAsync(request.HttpContext.RequestAborted)).Files.Count > 0
                ? null
                : Results.Problem(statusCode: 400, title: "No file", detail: "Attach the CSV file (curl -F file=@customers.csv), or send it as the body with 'Content-Type: text/csv'.");
        }

        return type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/csv", StringComparison.OrdinalIgnoreCase)
            ? null
            : Results.Problem(statusCode: 415, title: "Unsupported media type", detail: "Send the file as the body with 'Content-Type: text/csv'.");
    }

    /// <summary>map.phone=Mobile&amp;map.first_name=Vorname → {phone: Mobile, first_name: Vorname}.</summary>
    private static Dictionary<string, string> Mapping(HttpRequest request) =>
        request.Query.Where(q => q.Key.StartsWith("map.", StringComparison.OrdinalIgnoreCase) && q.Key.Length > 4)
            .ToDictionary(q => q.Key[4..], q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    private static IResult ImportResult(ImportReport report) =>
        report.Errors.Count > 0
            ? Results.Json(
                new
                {
                    type = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
                    title = "The file was not imported",
                    status = 422,
                    detail = $"{report.Errors.Count} problem(s); nothing was imported. Fix the rows below and send the file again.",
                    report.Rows,
                    errors = report.Errors,
                    report.IgnoredColumns,
                },
                statusCode: 422,
                contentType: "application/problem+json")
            : Results.Ok(report);

    private static async Task ExportCsvAsync(HttpContext context, GatewayDbContext db, long? segment, SegmentService segments)
    {
        var query = db.Contacts.AsNoTracking();
        if (segment is { } segmentId && await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == segmentId, context.RequestAborted) is { } stored)
        {
            query = segments.Members(SegmentService.ReadRule(stored));
        }

        await WriteCsvAsync(context, query, segment is null ? "contacts.csv" : $"segment-{segment}.csv");
    }

    /// <summary>Streams contacts as CSV in keyset batches: a million rows never sit in memory at once.</summary>
    internal static async Task WriteCsvAsync(HttpContext context, IQueryable<Contact> query, string fileName)
    {
        var cancellationToken = context.RequestAborted;
        var attributeNames = await query.SelectMany(c => c.Attributes.Select(a => a.Name)).Distinct().OrderBy(n => n).ToListAsync(cancellationToken);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false));
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var header in ExportColumns.Concat(attributeNames.Select(n => "attr." + n)))
        {
            csv.WriteField(header);
        }

        await csv.NextRecordAsync();
        long after = 0;
        while (true)
        {
            var cursor = after;
            var batch = await query.Where(c => c.Id > cursor).OrderBy(c => c.Id).Take(2000).Include(c => c.Tags).Include(c => c.Attributes).AsSplitQuery().ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var c in batch)
            {
                var view = ContactView.Of(c);
                foreach (var field in new object?[] { c.Id, c.Phone, c.ExternalId, c.FirstName, c.LastName, view.Birthday, c.Language, c.TimeZone, view.Status, string.Join(';', view.Tags), c.ConsentSource, c.ConsentAt?.ToString("O", CultureInfo.InvariantCulture), c.CreatedAt.ToString("O", CultureInfo.InvariantCulture), c.LastActivityAt?.ToString("O", CultureInfo.InvariantCulture) })
                {
                    csv.WriteField(field);
                }

                foreach (var name in attributeNames)
                {
                    csv.WriteField(view.Attributes.GetValueOrDefault(name));
                }

                await csv.NextRecordAsync();
            }

            after = batch[^1].Id;
            await csv.FlushAsync();
        }
    }

    private static async Task<IResult> EventAsync(HttpRequest request, ContactService contacts, ActivityRecorder recorder, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<EventBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var (activity, errors) = await ValidateAsync(body!, contacts, time.GetUtcNow(), request.HttpContext.RequestAborted);
        if (activity is not { } valid)
        {
            return Results.ValidationProblem(errors, title: "The event was not recorded");
        }

        await recorder.RecordAsync([valid], request.HttpContext.RequestAborted);
        return Results.Created($"/api/v1/contacts/{valid.ContactId}/timeline", new { contactId = valid.ContactId, type = SegmentRule.EventName(valid.Type), at = valid.At, value = valid.Value });
    }

    private static async Task<IResult> EventsBulkAsync(HttpRequest request, ContactService contacts, ActivityRecorder recorder, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<EventsBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Events is not { Count: > 0 and <= MaxBulkEvents } events)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["events"] = [$"'events' must be an array of 1 to {MaxBulkEvents} events."] });
        }

        var now = time.GetUtcNow();
        var accepted = new List<NewActivity>();
        var rejected = new List<object>();
        for (var i = 0; i < events.Count; i++)
        {
            var (activity, errors) = events[i] is { } e ? await ValidateAsync(e, contacts, now, request.HttpContext.RequestAborted) : (null, new FieldErrors { { "event", "The event is missing." } });
            if (activity is { } valid)
            {
                accepted.Add(valid);
            }
            else
            {
                rejected.Add(new { index = i, errors });
            }
        }

        await recorder.RecordAsync(accepted, request.HttpContext.RequestAborted);
        return Results.Ok(new { accepted = accepted.Count, rejected });
    }

    private static async Task<(NewActivity? Activity, FieldErrors Errors)> ValidateAsync(EventBody body, ContactService contacts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        long? contactId = null;
        if (body.Contact is not { } reference || (string.IsNullOrWhiteSpace(reference.ExternalId) && string.IsNullOrWhiteSpace(reference.Phone)))
        {
            errors.Add("contact", "Name the contact: {\"externalId\": …} or {\"phone\": …}.");
        }
        else
        {
            contactId = await contacts.ResolveAsync(reference.ExternalId, reference.Phone, cancellationToken);
            if (contactId is null)
            {
                errors.Add("contact", $"No contact has {(reference.ExternalId is { Length: > 0 } id ? $"the external id '{id}'" : $"the number '{reference.Phone}'")}: create it first with PUT /api/v1/contacts/{{externalId}} or POST /api/v1/contacts.");
            }
        }

        if (!SegmentRule.TryParseEvent(body.Type, out var type) || type is null)
        {
            errors.Add("type", $"'{body.Type}' is not an event type: use {string.Join(", ", Enum.GetValues<ActivityType>().Select(SegmentRule.EventName))}.");
        }

        var at = body.At ?? now;
        if (at > now.AddDays(1))
        {
            errors.Add("at", "The event is in the future.");
        }

        var currency = body.Currency?.Trim().ToUpperInvariant();
        if (currency is not null && !Currencies.IsCode(currency))
        {
            errors.Add("currency", $"'{body.Currency}' is not a currency code (three letters, e.g. EUR).");
        }

        if (body.Value is { } value && !double.IsFinite(value))
        {
            errors.Add("value", "value must be a finite number.");
        }

        return errors.Count > 0 ? (null, errors) : (new NewActivity(contactId!.Value, type!.Value, at, body.Value, "api", currency), errors);
    }

    private static IResult NotFound(long id) => Results.Problem(statusCode: 404, title: "Not found", detail: $"There is no contact {id}.");

    private static IResult NotFoundExternal(string externalId) => Results.Problem(statusCode: 404, title: "Not found", detail: $"No contact has the external id '{externalId}'.");

    internal sealed record ContactReference(string? ExternalId, string? Phone);

    internal sealed record EventBody(ContactReference? Contact, string? Type, DateTimeOffset? At, double? Value, string? Currency);

    internal sealed record EventsBody(List<EventBody?>? Events);

    internal sealed record TimelineItem(DateTimeOffset At, string Kind, string What, string? Detail, long? Ref);
}
