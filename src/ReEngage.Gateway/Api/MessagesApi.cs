using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/messages, /api/v1/send and /api/v1/inbound.</summary>
internal static class MessagesApi
{
    public const int MaxBulk = 10_000;

    public static RouteGroupBuilder MapMessages(this RouteGroupBuilder api)
    {
        api.MapPost("/messages", SendAsync).WithName("SendMessage").WithSummary("Send one message");
        api.MapPost("/messages/bulk", SendBulkAsync).WithName("SendBulk").WithSummary($"Send up to {MaxBulk} messages; valid ones are stored in one transaction");
        api.MapGet("/messages/{id:long}", GetAsync).WithName("GetMessage");
        api.MapGet("/messages", ListAsync).WithName("ListMessages").WithSummary("Messages, oldest first, keyset-paged with 'after'");
        api.MapDelete("/messages/{id:long}", CancelAsync).WithName("CancelMessage").WithSummary("Cancel a message that is not being sent yet");
        api.MapGet("/send", LegacySendAsync).WithName("LegacySend").WithSummary("Send by URL for devices that can only call one (off unless Gateway:Api:LegacySendEnabled)").AllowAnonymous();
        api.MapGet("/inbound", InboundAsync).WithName("ListInbound");
        return api;
    }

    private static async Task<IResult> SendAsync(HttpRequest request, OutboxService outbox, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
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
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["idempotencyKey"] = ["The Idempotency-Key header and the body's idempotencyKey differ; send one of them."] });
        }

        var (accepted, errors) = await outbox.AcceptAsync(ToRequest(body! with { IdempotencyKey = body!.IdempotencyKey ?? headerKey }), request.HttpContext.RequestAborted);
        if (accepted is null)
        {
            return errors!.Conflict
                ? Results.ValidationProblem(errors, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The idempotency key was already used for another request")
                : Results.ValidationProblem(errors!, title: "The message was not accepted");
        }

        if (accepted.Repeated)
        {
            request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return Results.Accepted($"/api/v1/messages/{accepted.Id}", new AcceptedDto(accepted.Id, Name(accepted.Status), accepted.Parts, Name(accepted.Encoding)));
    }

    private static async Task<IResult> SendBulkAsync(HttpRequest request, OutboxService outbox, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<BulkBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Messages is not { Count: > 0 } messages)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["messages"] = ["'messages' must be a non-empty array."] });
        }

        if (messages.Count > MaxBulk)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["messages"] = [$"At most {MaxBulk} messages per request ({messages.Count} sent)."] });
        }

        var result = await outbox.AcceptBulkAsync([.. messages.Select(m => m is null ? null : ToRequest(m))], request.HttpContext.RequestAborted);
        var services = request.HttpContext.RequestServices;
        var eta = await Eta.EstimateAsync(services.GetRequiredService<Core.Modems.ModemRegistry>(), services.GetRequiredService<Core.Data.GatewayDbContext>(), services.GetRequiredService<TimeProvider>(), request.HttpContext.RequestAborted);
        return Results.Json(
            new
            {
                accepted = result.Accepted.Select(a => new { index = a.Index, id = a.Id }),
                rejected = result.Rejected.Select(r => new { index = r.Index, errors = r.Errors }),
                eta,
            },
            statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<Results<Ok<MessageDto>, NotFound<ProblemDetailsLike>>> GetAsync(long id, GatewayDbContext db, CancellationToken cancellationToken)
    {
        var message = await db.Messages.AsNoTracking().Include(m => m.Parts).FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        return message is null ? TypedResults.NotFound(ProblemDetailsLike.NotFound($"There is no message {id}.")) : TypedResults.Ok(ToDto(message));
    }

    private static async Task<IResult> ListAsync(GatewayDbContext db, string? status, string? to, long? after, int? limit, CancellationToken cancellationToken)
    {
        var query = db.Messages.AsNoTracking().Include(m => m.Parts).AsQueryable();
        if (status is not null)
        {
            if (!Enum.TryParse<MessageStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"'{status}' is not a status ({string.Join(", ", Enum.GetNames<MessageStatus>().Select(n => n.ToLowerInvariant()))})."] });
            }

            query = query.Where(m => m.Status == parsed);
        }

        if (to is not null)
        {
            query = query.Where(m => m.To == to);
        }

        if (after is { } cursor)
        {
            query = query.Where(m => m.Id > cursor);
        }

        if (!Paging.TryTake(limit, 50, out var take, out var badLimit))
        {
            return badLimit!;
        }

        var page = await query.OrderBy(m => m.Id).Take(take + 1).ToListAsync(cancellationToken);
        var items = page.Take(take).Select(ToDto).ToList();
        return Results.Ok(new PageDto<MessageDto>(items, page.Count > take ? items[^1].Id : null));
    }

    private static async Task<IResult> CancelAsync(long id, OutboxService outbox, CancellationToken cancellationToken) =>
        await outbox.CancelAsync(id, cancellationToken) switch
        {
            null => Results.Problem(statusCode: 404, title: "Not found", detail: $"There is no message {id}."),
            true => Results.NoContent(),
            false => Results.Problem(statusCode: 409, title: "Too late", detail: "The message is already being sent or is final; it cannot be cancelled."),
        };

    private static async Task<IResult> LegacySendAsync(HttpContext context, string? key, OutboxService outbox, IOptions<GatewayOptions> options, GatewayDbContext db)
    {
        if (!options.Value.Api.LegacySendEnabled)
        {
            return Results.NotFound();
        }

        if (!LegacyQuery.TryRead(context.Request.QueryString.Value, out var query, out var charsetError))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["charset"] = [charsetError!] });
        }

        var to = query.GetValueOrDefault("to");
        var text = query.GetValueOrDefault("text");

        var apiKey = key ?? ApiKeyAuthentication.KeyFrom(context.Request);
        var hash = apiKey is null ? null : Core.Security.ApiKey.HashOf(apiKey);
        if (hash is null || !await db.ApiKeys.AnyAsync(k => k.Hash == hash && k.RevokedAt == null, context.RequestAborted))
        {
            return Results.Problem(statusCode: 401, title: "Unauthorized", detail: "Pass a valid API key as ?key=.");
        }

        var (accepted, errors) = await outbox.AcceptAsync(new SendRequest(to, text, Priority: "high"), context.RequestAborted);
        if (accepted is null)
        {
            return Results.ValidationProblem(errors!);
        }

        return Results.Accepted($"/api/v1/messages/{accepted.Id}", new AcceptedDto(accepted.Id, Name(accepted.Status), accepted.Parts, Name(accepted.Encoding)));
    }

    private static async Task<IResult> InboundAsync(GatewayDbContext db, long? after, int? limit, CancellationToken cancellationToken)
    {
        if (!Paging.TryTake(limit, 50, out var take, out var badLimit))
        {
            return badLimit!;
        }

        var query = db.Inbound.AsNoTracking();
        if (after is { } cursor)
        {
            query = query.Where(i => i.Id > cursor);
        }

        var items = await query.OrderBy(i => i.Id).Take(take)
            .Select(i => new InboundDto(i.Id, i.From, i.Text, i.Modem, i.ReceivedAt, i.Complete)).ToListAsync(cancellationToken);
        return Results.Ok(items);
    }

    private static SendRequest ToRequest(SendMessageBody body) =>
        new(body.To, body.Text, body.IdempotencyKey, body.SendAt, body.ValidUntil, body.Priority, body.StatusReport, body.MaxParts, body.Modem);

    internal static MessageDto ToDto(OutboundMessage m) => new(
        m.Id,
        m.To,
        m.Text,
        Name(m.Status),
        m.Priority.ToString().ToLowerInvariant(),
        Name(m.Encoding),
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

    internal static string Name(Sms.SmsEncoding encoding) => encoding switch
    {
        Sms.SmsEncoding.Gsm7 => "gsm7",
        Sms.SmsEncoding.Ucs2 => "ucs2",
        _ => "8bit",
    };
}

/// <summary>A problem-details body for typed results.</summary>
internal sealed record ProblemDetailsLike(string Type, string Title, int Status, string Detail)
{
    public static ProblemDetailsLike NotFound(string detail) => new("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not found", 404, detail);
}
