using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/messages: send one or many, read, list, cancel.</summary>
internal static class MessagesApi
{
    public const int MaxBulk = 10_000;

    public static RouteGroupBuilder MapMessages(this RouteGroupBuilder api)
    {
        api.MapPost("/messages", SendAsync).AcceptsJson<SendMessageBody>().Problems(422).AddOpenApiOperationTransformer(DescribeIdempotencyKeyAsync)
            .WithName("SendMessage").WithSummary("Send one message")
            .WithDescription("Stored before the answer (202): an accepted message survives a power cut. The idempotency key may come as the Idempotency-Key header; a replay answers with 'Idempotent-Replayed: true'.");
        api.MapPost("/messages/bulk", SendBulkAsync).AcceptsJson<BulkBody>()
            .WithName("SendBulk").WithSummary($"Send up to {MaxBulk} messages; valid ones are stored in one transaction");
        api.MapGet("/messages/{id:long}", GetAsync).Problems(404).WithName("GetMessage").WithSummary("A message and its delivery state");
        api.MapGet("/messages", ListAsync).WithName("ListMessages").WithSummary("Messages, oldest first, keyset-paged with 'after'");
        api.MapDelete("/messages/{id:long}", CancelAsync).Problems(404, 409).WithName("CancelMessage").WithSummary("Cancel a message that is not being sent yet");
        api.MapGet("/messages/recent", RecentAsync).WithName("RecentMessages").WithSummary("Messages newest first (the dashboard's log) by state, number, modem and dates (from/until, yyyy-MM-dd, UTC), keyset-paged with 'before'");
        api.MapGet("/messages/{id:long}/parts", async (long id, GatewayDbContext db, CancellationToken ct) =>
            TypedResults.Ok((await db.Parts.AsNoTracking().Where(p => p.MessageId == id).OrderBy(p => p.Sequence).ToListAsync(ct))
                .Select(p => new PartView(p.Sequence, p.Status.ToString().ToLowerInvariant(), p.Reference, p.Modem, p.SubmittedAt, p.ReportedAt, p.ReportStatus, p.TpduLength)).ToList()))
            .WithName("MessageParts").WithSummary("Each part with its TP-MR and status report");
        return api;
    }

    private static async Task<Results<Ok<PageDto<MessageDto>>, ValidationProblem>> RecentAsync(GatewayDbContext db, string? status, string? to, string? modem, string? from, string? until, long? before, int? limit, CancellationToken cancellationToken)
    {
        var dates = new Dictionary<string, string[]>();
        DateOnly? Day(string? value, string field)
        {
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
            {
                return day;
            }

            dates[field] = [$"'{value}' is not a date: use yyyy-MM-dd."];
            return null;
        }

        var (firstDay, lastDay) = (Day(from, "from"), Day(until, "until"));
        if (dates.Count > 0)
        {
            return TypedResults.ValidationProblem(dates);
        }

        var query = db.Messages.AsNoTracking().Include(m => m.Parts).AsQueryable();
        if (status is not null)
        {
            if (!Enum.TryParse<MessageStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"'{status}' is not a status."] });
            }

            query = query.Where(m => m.Status == parsed);
        }

        if (to is { Length: > 0 })
        {
            query = query.Where(m => m.To.Contains(to));
        }

        if (modem is { Length: > 0 })
        {
            query = query.Where(m => m.Modem == modem);
        }

        if (firstDay is { } first)
        {
            var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(m => m.CreatedAt >= start);
        }

        if (lastDay is { } last)
        {
            var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(m => m.CreatedAt < end);
        }

        if (before is { } cursor)
        {
            query = query.Where(m => m.Id < cursor);
        }

        if (!Paging.TryTake(limit, 50, out var take, out var badLimit))
        {
            return badLimit!;
        }

        var page = await query.OrderByDescending(m => m.Id).Take(take + 1).ToListAsync(cancellationToken);
        var items = page.Take(take).Select(ToDto).ToList();
        return TypedResults.Ok(new PageDto<MessageDto>(items, page.Count > take ? items[^1].Id : null));
    }


    private static async Task<Results<Accepted<AcceptedDto>, ValidationProblem, ProblemHttpResult>> SendAsync(HttpRequest request, OutboxService outbox, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<SendMessageBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        // The key as integrators' HTTP clients send it (the Idempotency-Key header), or in the body.
        var headerKey = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } h ? h.Trim() : null;
        if (headerKey is not null && body!.IdempotencyKey is { Length: > 0 } bodyKey && bodyKey != headerKey)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["idempotencyKey"] = ["The Idempotency-Key header and the body's idempotencyKey differ; send one of them."] });
        }

        var (accepted, errors) = await outbox.AcceptAsync(ToRequest(body! with { IdempotencyKey = body!.IdempotencyKey ?? headerKey }), request.HttpContext.RequestAborted);
        if (accepted is null)
        {
            return errors!.Conflict
                ? TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status422UnprocessableEntity, Title = "The idempotency key was already used for another request" })
                : TypedResults.ValidationProblem(errors!, title: "The message was not accepted");
        }

        if (accepted.Repeated)
        {
            request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return TypedResults.Accepted($"/api/v1/messages/{accepted.Id}", Accepted(accepted, body.Reference));
    }

    private static async Task<Results<Accepted<BulkAcceptedDto>, ValidationProblem, ProblemHttpResult>> SendBulkAsync(
        HttpRequest request, OutboxService outbox, Eta eta, GatewayDbContext db, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<BulkBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Messages is not { Count: > 0 } messages)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["messages"] = ["'messages' must be a non-empty array."] });
        }

        if (messages.Count > MaxBulk)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["messages"] = [$"At most {MaxBulk} messages per request ({messages.Count} sent)."] });
        }

        var result = await outbox.AcceptBulkAsync([.. messages.Select(m => m is null ? null : ToRequest(m))], request.HttpContext.RequestAborted);
        var estimate = await eta.EstimateAsync(db, result.PartsAccepted, request.HttpContext.RequestAborted);
        return TypedResults.Accepted(
            (string?)null,
            new BulkAcceptedDto(
                [.. result.Accepted.Select(a => new BulkAcceptedItem(a.Index, a.Id, messages[a.Index]!.Reference))],
                [.. result.Rejected.Select(r => new BulkRejectedItem(r.Index, r.Errors))],
                estimate));
    }

    private static async Task<Results<Ok<MessageDto>, ProblemHttpResult>> GetAsync(long id, MessageQueries messages, CancellationToken cancellationToken) =>
        await messages.FindAsync(id, cancellationToken) is { } message
            ? TypedResults.Ok(ToDto(message))
            : TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no message {id}.");

    private static async Task<Results<Ok<PageDto<MessageDto>>, ValidationProblem>> ListAsync(MessageQueries messages, string? status, string? to, long? after, int? limit, CancellationToken cancellationToken)
    {
        MessageStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<MessageStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"'{status}' is not a status ({string.Join(", ", Enum.GetNames<MessageStatus>().Select(n => n.ToLowerInvariant()))})."] });
            }

            wanted = parsed;
        }

        if (!Paging.TryTake(limit, 50, out var take, out var badLimit))
        {
            return badLimit!;
        }

        var (page, more) = await messages.PageAsync(wanted, to, after, take, cancellationToken);
        var items = page.Select(ToDto).ToList();
        return TypedResults.Ok(new PageDto<MessageDto>(items, more ? items[^1].Id : null));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> CancelAsync(long id, OutboxService outbox, CancellationToken cancellationToken) =>
        await outbox.CancelAsync(id, cancellationToken) switch
        {
            null => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no message {id}."),
            true => TypedResults.NoContent(),
            false => TypedResults.Problem(statusCode: 409, title: "Too late", detail: "The message is already being sent or is final; it cannot be cancelled."),
        };

    /// <summary>The Idempotency-Key header: read from the request by hand (it must agree with the body), so the document is told.</summary>
    private static Task DescribeIdempotencyKeyAsync(Microsoft.OpenApi.OpenApiOperation operation, Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
        {
            Name = "Idempotency-Key",
            In = Microsoft.OpenApi.ParameterLocation.Header,
            Description = "The body's idempotencyKey as a header (if both are sent they must agree).",
            Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, MaxLength = 200 },
        });
        return Task.CompletedTask;
    }

    internal static AcceptedDto Accepted(AcceptedMessage accepted, string? reference) =>
        new(accepted.Id, accepted.Status, accepted.Parts, Encoding(accepted.Encoding), reference is { Length: > 0 } ? reference : null);

    private static SendRequest ToRequest(SendMessageBody body) =>
        new(body.To, body.Text, body.IdempotencyKey, body.SendAt, body.ValidUntil, body.Priority, body.StatusReport, body.MaxParts, body.Modem, Reference: body.Reference);

    internal static MessageDto ToDto(OutboundMessage m) => new(
        m.Id,
        m.To,
        m.Text,
        m.Status,
        m.Priority,
        Encoding(m.Encoding),
        m.Reference,
        m.PartCount,
        m.Parts.Count(p => p.Status is PartStatus.Submitted or PartStatus.Delivered),
        m.Parts.Count(p => p.Status == PartStatus.Delivered),
        m.Modem,
        m.ErrorCode is null ? null : new ErrorDto(m.ErrorCode, m.ErrorMessage),
        m.NeedsAttention,
        m.ReportOverdue && m.Status == MessageStatus.Sent, // a report that came late after all settles it
        m.CreatedAt,
        m.SendAt,
        m.ValidUntil,
        m.SentAt,
        m.DeliveredAt);

    internal static string Name(MessageStatus status) => status.ToString().ToLowerInvariant();

    internal static MessageEncoding Encoding(Sms.SmsEncoding encoding) => encoding switch
    {
        Sms.SmsEncoding.Gsm7 => MessageEncoding.Gsm7,
        Sms.SmsEncoding.Ucs2 => MessageEncoding.Ucs2,
        _ => MessageEncoding.EightBit,
    };

    internal static string Name(Sms.SmsEncoding encoding) => encoding switch
    {
        Sms.SmsEncoding.Gsm7 => "gsm7",
        Sms.SmsEncoding.Ucs2 => "ucs2",
        _ => "8bit",
    };
}
