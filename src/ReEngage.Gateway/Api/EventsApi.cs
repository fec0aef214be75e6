using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/events: what contacts did in the shop (purchases, visits, clicks), one, many or a CSV file at a time.</summary>
internal static class EventsApi
{
    public const int MaxBulkEvents = 10_000;

    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        api.MapPost("/events", EventAsync).AcceptsJson<EventBody>().WithName("RecordEvent").WithSummary("Record one activity event");
        api.MapPost("/events/bulk", EventsBulkAsync).AcceptsJson<EventsBody>().WithName("RecordEvents").WithSummary($"Record up to {MaxBulkEvents} events; valid ones in one transaction");
        api.MapPost("/events/import", ImportEventsAsync).AcceptsCsv().WithName("ImportEvents").WithSummary("CSV import of events (text/csv body)");
        return api;
    }

    private static async Task<IResult> ImportEventsAsync(HttpRequest request, CsvImport import, bool? dryRun)
    {
        if (await CsvUpload.ProblemAsync(request) is { } problem)
        {
            return problem;
        }

        using var reader = await CsvUpload.BufferedAsync(request);
        return CsvUpload.ImportResult(await import.ImportEventsAsync(reader, CsvUpload.Mapping(request), dryRun ?? false, request.HttpContext.RequestAborted));
    }

    private static async Task<Results<Created<RecordedEvent>, ValidationProblem, ProblemHttpResult>> EventAsync(HttpRequest request, ContactService contacts, ActivityRecorder recorder, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<EventBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var (activity, errors) = await ValidateAsync(body!, contacts, time.GetUtcNow(), request.HttpContext.RequestAborted);
        if (activity is not { } valid)
        {
            return TypedResults.ValidationProblem(errors, title: "The event was not recorded");
        }

        await recorder.RecordAsync([valid], request.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/v1/contacts/{valid.ContactId}/timeline", new RecordedEvent(valid.ContactId, SegmentRule.EventName(valid.Type), valid.At, valid.Value));
    }

    private static async Task<Results<Ok<EventsRecorded>, ValidationProblem, ProblemHttpResult>> EventsBulkAsync(HttpRequest request, ContactService contacts, ActivityRecorder recorder, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<EventsBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Events is not { Count: > 0 and <= MaxBulkEvents } events)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["events"] = [$"'events' must be an array of 1 to {MaxBulkEvents} events."] });
        }

        var now = time.GetUtcNow();
        var accepted = new List<NewActivity>();
        var rejected = new List<EventRejection>();
        for (var i = 0; i < events.Count; i++)
        {
            var (activity, errors) = events[i] is { } e ? await ValidateAsync(e, contacts, now, request.HttpContext.RequestAborted) : (null, new FieldErrors { { "event", "The event is missing." } });
            if (activity is { } valid)
            {
                accepted.Add(valid);
            }
            else
            {
                rejected.Add(new EventRejection(i, errors));
            }
        }

        await recorder.RecordAsync(accepted, request.HttpContext.RequestAborted);
        return TypedResults.Ok(new EventsRecorded(accepted.Count, rejected));
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
                errors.Add("contact", $"No contact has {(reference.ExternalId is { Length: > 0 } id ? $"the external id '{id}'" : $"the number '{reference.Phone}'")}: create it first with PUT /api/v1/contacts/by-external-id/{{externalId}} or POST /api/v1/contacts.");
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

    internal sealed record ContactReference(string? ExternalId, string? Phone);

    internal sealed record EventBody(ContactReference? Contact, string? Type, DateTimeOffset? At, double? Value, string? Currency);

    internal sealed record EventsBody(List<EventBody?>? Events);

    internal sealed record RecordedEvent(long ContactId, string Type, DateTimeOffset At, double? Value);

    internal sealed record EventRejection(int Index, IDictionary<string, string[]> Errors);

    internal sealed record EventsRecorded(int Accepted, IReadOnlyList<EventRejection> Rejected);
}
