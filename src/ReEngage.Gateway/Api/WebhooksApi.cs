using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Webhooks;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/webhooks: subscriptions, their secrets, and the log of what was delivered to them.</summary>
internal static class WebhooksApi
{
    private const string Tag = "Webhooks";

    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder api)
    {
        api.MapPost("/webhooks", CreateAsync).Accepts<WebhookBody>("application/json").ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("CreateWebhook").WithTags(Tag).WithSummary("Subscribe a URL to events; the answer carries its signing secret (shown only here)");
        api.MapGet("/webhooks", ListAsync).WithName("ListWebhooks").WithTags(Tag).WithSummary("Every webhook, with whether it is enabled and why not");
        api.MapGet("/webhooks/{id:long}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetWebhook").WithTags(Tag).WithSummary("One webhook: its events, state and secret rotation");
        api.MapPut("/webhooks/{id:long}", UpdateAsync).Accepts<WebhookChangeBody>("application/json").ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("UpdateWebhook").WithTags(Tag).WithSummary("Change url, events, description or enabled (fields left out stay); enabled: true re-enables a disabled webhook");
        api.MapDelete("/webhooks/{id:long}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteWebhook").WithTags(Tag).WithSummary("Remove a webhook and its deliveries");
        api.MapPost("/webhooks/{id:long}/rotate-secret", RotateSecretAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("RotateWebhookSecret").WithTags(Tag).WithSummary("A new signing secret; the old one keeps signing too for Gateway:Webhooks:SecretOverlap (24 h)");
        api.MapGet("/webhooks/{id:long}/deliveries", DeliveriesAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListWebhookDeliveries").WithTags(Tag).WithSummary("The webhook's last 100 deliveries, newest first");
        api.MapPost("/webhooks/{id:long}/deliveries/{deliveryId:long}/redeliver", RedeliverAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RedeliverWebhookDelivery").WithTags(Tag).WithSummary("Send a delivery again: same webhook-id and body, a new attempt");
        api.MapPost("/webhooks/{id:long}/test", TestWebhookAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("TestWebhook").WithTags(Tag).WithSummary("Queue a 'webhook.test' event to this webhook");
        return api;
    }

    private static async Task<Results<Accepted<WebhookTestQueuedDto>, ProblemHttpResult>> TestWebhookAsync(long id, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await db.Webhooks.AnyAsync(w => w.Id == id, cancellationToken))
        {
            return NotFound(id);
        }

        var now = time.GetUtcNow();
        db.WebhookDeliveries.Add(WebhookOutbox.Test(id, now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", new WebhookTestQueuedDto(true));
    }

    private static async Task<Results<Created<WebhookCreatedDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(HttpRequest request, GatewayDbContext db, TimeProvider time, IOptions<HttpJsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<WebhookBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return AsProblem(problem);
        }

        var errors = WebhookValidation.Errors(body!, creating: true);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = time.GetUtcNow();
        // Generated secrets follow Standard Webhooks (whsec_ + base64), so its libraries verify them as they are.
        var hook = new Webhook
        {
            Url = WebhookValidation.Normalise(body!.Url!),
            Events = string.Join(',', body.Events!.Distinct()),
            Secret = body.Secret ?? WebhookSignatures.NewSecret(),
            Description = NullIfEmpty(body.Description),
            CreatedAt = now,
        };
        if (body.Enabled == false)
        {
            hook.Disable("Created disabled.", now);
        }

        db.Webhooks.Add(hook);
        await db.SaveChangesAsync(request.HttpContext.RequestAborted);
        return TypedResults.Created($"/api/v1/webhooks/{hook.Id}", new WebhookCreatedDto(hook.Id, hook.Url, hook.EventList, hook.Description, hook.Secret, hook.CreatedAt));
    }

    private static async Task<Ok<List<WebhookDto>>> ListAsync(GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var hooks = await db.Webhooks.AsNoTracking().OrderBy(w => w.Id).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return TypedResults.Ok(hooks.ConvertAll(w => WebhookDto.Of(w, now)));
    }

    private static async Task<Results<Ok<WebhookDto>, ProblemHttpResult>> GetAsync(long id, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken) is { } hook
            ? TypedResults.Ok(WebhookDto.Of(hook, time.GetUtcNow()))
            : NotFound(id);

    private static async Task<Results<Ok<WebhookDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(long id, HttpRequest request, GatewayDbContext db, TimeProvider time, IOptions<HttpJsonOptions> json)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var (body, problem) = await JsonBody.ReadAsync<WebhookBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return AsProblem(problem);
        }

        var errors = WebhookValidation.Errors(body!, creating: false);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await db.Webhooks.FirstOrDefaultAsync(w => w.Id == id, cancellationToken) is not { } hook)
        {
            return NotFound(id);
        }

        var now = time.GetUtcNow();
        if (body!.Url is { } url && WebhookValidation.Normalise(url) is var normalised && normalised != hook.Url)
        {
            // Another receiver: the old one's failures say nothing about it.
            hook.Url = normalised;
            hook.FailingSince = null;
        }

        hook.Events = body.Events is { } events ? string.Join(',', events.Distinct()) : hook.Events;
        hook.Description = body.Description is { } description ? NullIfEmpty(description) : hook.Description;
        if (body.Enabled == false && hook.Enabled)
        {
            hook.Disable("Disabled by an operator.", now);
        }
        else if (body.Enabled == true && !hook.Enabled)
        {
            hook.Enable();
            // What waited while it was disabled goes out now, not at the end of its back-off.
            foreach (var waiting in await db.WebhookDeliveries.Where(d => d.WebhookId == id && d.State == DeliveryState.Pending && d.NextAttemptAt > now).ToListAsync(cancellationToken))
            {
                waiting.NextAttemptAt = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(WebhookDto.Of(hook, now));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, GatewayDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Webhooks.Where(w => w.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return NotFound(id);
        }

        // Left behind by a crash between the two, they would only be ignored: the sender reads deliveries through their webhook.
        await db.WebhookDeliveries.Where(d => d.WebhookId == id).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SecretRotatedDto>, ProblemHttpResult>> RotateSecretAsync(long id, GatewayDbContext db, TimeProvider time, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        if (await db.Webhooks.FirstOrDefaultAsync(w => w.Id == id, cancellationToken) is not { } hook)
        {
            return NotFound(id);
        }

        hook.RotateSecret(WebhookSignatures.NewSecret(), time.GetUtcNow(), options.Value.Webhooks.SecretOverlap);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new SecretRotatedDto(hook.Id, hook.Secret, hook.PreviousSecretUntil));
    }

    private static async Task<Results<Ok<List<WebhookDeliveryDto>>, ProblemHttpResult>> DeliveriesAsync(long id, GatewayDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Webhooks.AnyAsync(w => w.Id == id, cancellationToken))
        {
            return NotFound(id);
        }

        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == id).OrderByDescending(d => d.Id).Take(100).ToListAsync(cancellationToken);
        return TypedResults.Ok(deliveries.ConvertAll(WebhookDeliveryDto.Of));
    }

    private static async Task<Results<Accepted<WebhookDeliveryDto>, ProblemHttpResult>> RedeliverAsync(long id, long deliveryId, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId && d.WebhookId == id, cancellationToken) is not { } delivery)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Webhook {id} has no delivery {deliveryId}.");
        }

        if (delivery.State == DeliveryState.Pending)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already queued", detail: $"Delivery {deliveryId} is still pending (attempt {delivery.Attempts + 1} is due at {delivery.NextAttemptAt:u}).");
        }

        delivery.Requeue(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", WebhookDeliveryDto.Of(delivery));
    }

    private static ProblemHttpResult NotFound(long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no webhook {id}.");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // JsonBody's answers for a body it could not read (415, 413, malformed JSON with the field named) as one typed result.
    private static ProblemHttpResult AsProblem(IResult problem) => problem switch
    {
        ProblemHttpResult typed => typed,
        ValidationProblem validation => TypedResults.Problem(validation.ProblemDetails),
        _ => throw new InvalidOperationException($"Unexpected body problem {problem.GetType().Name}."),
    };
}
