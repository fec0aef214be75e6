using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/contacts: by the gateway's id, or by the shop's id under /contacts/by-external-id.</summary>
internal static class ContactsApi
{
    private const string ByExternalId = "/contacts/by-external-id/{externalId}";

    // Before by-external-id: kept answering for shops that use it, deprecated in the document.
    private const string OldByExternalId = "/contacts/external/{externalId}";

    public static RouteGroupBuilder MapContacts(this RouteGroupBuilder api)
    {
        api.MapPost("/contacts", PostAsync).AcceptsJson<ContactInput>().WithName("UpsertContact").WithSummary("Create or update a contact by phone number");
        api.MapPut(ByExternalId, PutAsync).AcceptsJson<ContactInput>().WithName("PutContact").WithSummary("Create or update the contact with the shop's id");

        // The first form of the route above; /contacts/{x} would collide with /contacts/{id} in the document.
        api.MapPut("/contacts/{externalId}", PutAsync).ExcludeFromDescription();
        api.MapGet("/contacts", ListAsync).WithQuery("status", "tag", "q", "segment", "after", "limit", "updatedSince")
            .WithName("ListContacts").WithSummary("Contacts by status, tag, search text or segment, keyset-paged with 'after'");
        api.MapGet("/contacts/{id:long}", GetAsync).WithQuery().Problems(404).WithName("GetContact").WithSummary("A contact by the gateway's id");
        api.MapDelete("/contacts/{id:long}", EraseAsync).Problems(404).WithName("EraseContact").WithSummary("GDPR erasure: the person's data goes, an opt-out tombstone stays");
        api.MapGet("/contacts/{id:long}/export", ExportAsync).Problems(404).WithName("ExportContact").WithSummary("Everything held on a contact");
        api.MapGet("/contacts/{id:long}/conversation", ConversationAsync).WithQuery("before", "limit").Problems(404).WithName("ContactConversation")
            .WithSummary("The contact's SMS in both directions, newest first, paged by time ('before'); replyModem is the SIM they last wrote to");
        api.MapGet("/contacts/{id:long}/timeline", TimelineAsync).WithQuery().Problems(404).WithName("ContactTimeline").WithSummary("Activity, messages, replies and automation steps, newest first");

        // The shop's own ids may be numbers too: these routes never confuse them with ours.
        api.MapGet(ByExternalId, GetByExternalIdAsync).Problems(404).WithName("GetContactByExternalId").WithSummary("A contact by the shop's id");
        api.MapDelete(ByExternalId, EraseByExternalIdAsync).Problems(404).WithName("EraseContactByExternalId").WithSummary("GDPR erasure by the shop's id");
        api.MapGet(ByExternalId + "/export", ExportByExternalIdAsync).Problems(404).WithName("ExportContactByExternalId").WithSummary("Everything held on a contact, by the shop's id");
        api.MapGet(OldByExternalId, GetByExternalIdAsync).Problems(404).Deprecated().WithName("GetContactByExternalIdOld").WithSummary("Deprecated: use GET /api/v1/contacts/by-external-id/{externalId}");
        api.MapDelete(OldByExternalId, EraseByExternalIdAsync).Problems(404).Deprecated().WithName("EraseContactByExternalIdOld").WithSummary("Deprecated: use DELETE /api/v1/contacts/by-external-id/{externalId}");
        api.MapGet(OldByExternalId + "/export", ExportByExternalIdAsync).Problems(404).Deprecated().WithName("ExportContactByExternalIdOld").WithSummary("Deprecated: use GET /api/v1/contacts/by-external-id/{externalId}/export");
        return api.MapContactCsv().MapEvents();
    }

    private static async Task<Results<Created<ContactView>, Ok<ContactView>, ValidationProblem, ProblemHttpResult>> PutAsync(string externalId, HttpRequest request, ContactService contacts, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<ContactInput>(request, json.Value.SerializerOptions);
        return problem is not null ? problem : Upserted(await contacts.UpsertAsync(body!, externalId, request.HttpContext.RequestAborted));
    }

    private static async Task<Results<Created<ContactView>, Ok<ContactView>, ValidationProblem, ProblemHttpResult>> PostAsync(HttpRequest request, ContactService contacts, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<ContactInput>(request, json.Value.SerializerOptions);
        return problem is not null ? problem : Upserted(await contacts.UpsertAsync(body!, null, request.HttpContext.RequestAborted, byPhone: true));
    }

    private static Results<Created<ContactView>, Ok<ContactView>, ValidationProblem, ProblemHttpResult> Upserted(UpsertResult result) => result switch
    {
        { Errors: { } errors } => TypedResults.ValidationProblem(errors, title: "The contact was not saved"),
        { Created: true } => TypedResults.Created($"/api/v1/contacts/{result.Contact!.Id}", ContactView.Of(result.Contact)),
        _ => TypedResults.Ok(ContactView.Of(result.Contact!)),
    };

    private static async Task<Results<Ok<ContactView>, ProblemHttpResult>> GetAsync(long id, ContactService contacts, CancellationToken cancellationToken) =>
        await contacts.FindAsync(id, cancellationToken) is { } contact ? TypedResults.Ok(ContactView.Of(contact)) : NotFound(id);

    private static async Task<Results<NoContent, ProblemHttpResult>> EraseAsync(long id, ContactService contacts, CancellationToken cancellationToken) =>
        await contacts.EraseAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);

    private static async Task<Results<Ok<ContactExport>, ProblemHttpResult>> ExportAsync(long id, ContactService contacts, CancellationToken cancellationToken) =>
        await contacts.ExportAsync(id, cancellationToken) is { } export ? TypedResults.Ok(export) : NotFound(id);

    private static async Task<Results<Ok<ContactView>, ProblemHttpResult>> GetByExternalIdAsync(string externalId, ContactService contacts, CancellationToken cancellationToken) =>
        await contacts.ResolveAsync(externalId, null, cancellationToken) is { } id ? await GetAsync(id, contacts, cancellationToken) : NotFoundExternal(externalId);

    private static async Task<Results<NoContent, ProblemHttpResult>> EraseByExternalIdAsync(string externalId, ContactService contacts, CancellationToken cancellationToken) =>
        await contacts.ResolveAsync(externalId, null, cancellationToken) is { } id ? await EraseAsync(id, contacts, cancellationToken) : NotFoundExternal(externalId);

    private static async Task<Results<Ok<ContactExport>, ProblemHttpResult>> ExportByExternalIdAsync(string externalId, ContactService contacts, CancellationToken cancellationToken) =>
        await contacts.ResolveAsync(externalId, null, cancellationToken) is { } id ? await ExportAsync(id, contacts, cancellationToken) : NotFoundExternal(externalId);

    private static async Task<Results<Ok<ConversationPage>, ValidationProblem, ProblemHttpResult>> ConversationAsync(long id, DateTimeOffset? before, int? limit, ContactConversation conversation, CancellationToken cancellationToken)
    {
        if (!Paging.TryTake(limit, 50, out var take, out var badLimit))
        {
            return badLimit!;
        }

        return await conversation.PageAsync(id, before, take, cancellationToken) is { } page ? TypedResults.Ok(page) : NotFound(id);
    }

    private static async Task<Results<Ok<IReadOnlyList<TimelineItem>>, ProblemHttpResult>> TimelineAsync(long id, ContactTimeline timeline, CancellationToken cancellationToken) =>
        await timeline.ForAsync(id, cancellationToken) is { } items ? TypedResults.Ok(items) : NotFound(id);

    private static async Task<Results<Ok<PageDto<ContactView>>, ValidationProblem>> ListAsync(GatewayDbContext db, SegmentService segments, string? status, string? tag, string? q, long? segment, long? after, int? limit, string? updatedSince, CancellationToken cancellationToken)
    {
        var query = db.Contacts.AsNoTracking();
        if (updatedSince is not null)
        {
            // A shop or e-mail tool syncing back: everyone whose status (or anything else) changed since its last call.
            if (!DateTimeOffset.TryParse(updatedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["updatedSince"] = [$"'{updatedSince}' is not a date and time: use ISO 8601, e.g. 2026-12-01T00:00:00Z."] });
            }

            query = query.Where(c => c.UpdatedAt >= since);
        }

        if (segment is { } segmentId)
        {
            var stored = await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == segmentId, cancellationToken);
            if (stored is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["segment"] = [$"There is no segment {segmentId}."] });
            }

            query = segments.Members(SegmentService.ReadRule(stored));
        }

        if (status is not null)
        {
            if (!SegmentRule.TryParseStatus(status, out var parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"'{status}' is not a status: use active, sleeping, unsubscribed or opted_out."] });
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
        return TypedResults.Ok(new PageDto<ContactView>(items, page.Count > take ? items[^1].Id : null));
    }

    private static ProblemHttpResult NotFound(long id) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no contact {id}.");

    private static ProblemHttpResult NotFoundExternal(string externalId) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No contact has the external id '{externalId}'.");
}
