using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/contacts/import and /api/v1/contacts/export: contacts in and out as CSV.</summary>
internal static class ContactCsvApi
{
    private static readonly string[] ExportColumns = ["id", "phone", "external_id", "first_name", "last_name", "birthday", "language", "time_zone", "status", "tags", "consent_source", "consent_at", "created_at", "last_activity_at"];

    public static RouteGroupBuilder MapContactCsv(this RouteGroupBuilder api)
    {
        api.MapPost("/contacts/import", ImportAsync).AcceptsCsv()
            .WithName("ImportContacts").WithSummary("CSV import (text/csv body): map.<field>=<column>, consentSource, dates=dmy|mdy, dryRun")
            .WithDescription("Dates may be ISO (1990-12-31) or as a spreadsheet writes them (31/12/1990); dates=dmy or mdy says which comes first. "
                + "Without it the file decides when one of its values can only be read one way (31/01), else the business's region (Gateway:DefaultRegion); "
                + "the report's dates says how they were read and how many values could be read both ways. last_purchase and last_visit columns become activity events.");
        api.MapGet("/contacts/export", ExportAsync).WithQuery("segment").Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithName("ExportContacts").WithSummary("All contacts as CSV");
        return api;
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, CsvImport import, bool? dryRun, string? consentSource, string? consentText, string? dates)
    {
        var order = ImportDates.FromCode(dates);
        if (dates is not null && order is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["dates"] = [$"'{dates}' is not a date order: use dmy (31/12/1990) or mdy (12/31/1990)."] });
        }

        if (await CsvUpload.ProblemAsync(request) is { } problem)
        {
            return problem;
        }

        using var reader = await CsvUpload.BufferedAsync(request);
        var consent = consentSource is null ? null : new ConsentInput(consentSource, null, consentText);
        var report = await import.ImportContactsAsync(reader, CsvUpload.Mapping(request), consent, dryRun ?? false, request.HttpContext.RequestAborted, order);
        return CsvUpload.ImportResult(report);
    }

    private static async Task ExportAsync(HttpContext context, GatewayDbContext db, long? segment, SegmentService segments)
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
}
