using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/webhooks.</summary>
internal static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder api)
    {
        api.MapPost("/webhooks", CreateAsync).WithName("CreateWebhook");
        api.MapGet("/webhooks", ListAsync).WithName("ListWebhooks");
        api.MapDelete("/webhooks/{id:long}", DeleteAsync).WithName("DeleteWebhook");
        api.MapGet("/webhooks/{id:long}/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries");
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, GatewayDbContext db, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<WebhookBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        // Plain http:// on the local network is allowed: appliances live on LANs.
        if (!Uri.TryCreate(body!.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors["url"] = ["'url' must be an absolute http:// or https:// URL."];
        }

        var events = body.Events ?? [];
        if (events.Count == 0 || events.Any(e => !WebhookEvents.All.Contains(e)))
        {
            errors["events"] = [$"'events' must list one or more of: {string.Join(", ", WebhookEvents.All)}."];
        }

        if (body.Secret is { Length: < 16 })
        {
            errors["secret"] = ["'secret' must be at least 16 characters (or left out: one is generated)."];
        }
        else if (body.Secret is { } given && given.StartsWith("whsec_", StringComparison.Ordinal) && !IsBase64Key(given["whsec_".Length..]))
        {
            errors["secret"] = ["A 'whsec_' secret is base64 after the prefix, of at least 16 bytes (or leave it out: one is generated)."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        // Generated secrets follow Standard Webhooks (whsec_ + base64), so its libraries verify them as they are.
        var secret = body.Secret ?? "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var hook = new Webhook { Url = url!.ToString(), Events = string.Join(',', events.Distinct()), Secret = secret, CreatedAt = time.GetUtcNow() };
        db.Webhooks.Add(hook);
        await db.SaveChangesAsync(request.HttpContext.RequestAborted);
        return Results.Created($"/api/v1/webhooks/{hook.Id}", new { id = hook.Id, url = hook.Url, events = hook.EventList, secret, createdAt = hook.CreatedAt });
    }

    private static bool IsBase64Key(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var length) && length >= 16;
    }

    private static async Task<IResult> ListAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        var hooks = await db.Webhooks.AsNoTracking().OrderBy(w => w.Id).ToListAsync(cancellationToken);
        return Results.Ok(hooks.Select(w => new WebhookDto(w.Id, w.Url, w.EventList, w.CreatedAt)));
    }

    private static async Task<IResult> DeleteAsync(long id, GatewayDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await db.Webhooks.Where(w => w.Id == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? Results.Problem(statusCode: 404, title: "Not found", detail: $"There is no webhook {id}.") : Results.NoContent();
    }

    private static async Task<IResult> DeliveriesAsync(long id, GatewayDbContext db, CancellationToken cancellationToken)
    {
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == id).OrderByDescending(d => d.Id).Take(100)
            .Select(d => new { d.Id, d.Event, State = d.State.ToString().ToLowerInvariant(), d.Attempts, d.LastStatusCode, d.LastError, d.CreatedAt, d.NextAttemptAt })
            .ToListAsync(cancellationToken);
        return Results.Ok(deliveries);
    }
}
