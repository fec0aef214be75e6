using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>
/// Adds a delivery per subscribed webhook to the context, to be saved in the same transaction as the
/// change it reports: a crash can neither lose the event nor report a change that was rolled back.
/// </summary>
public static class WebhookOutbox
{
    // Relaxed escaping: payloads are JSON for machines (never embedded in HTML), and "+39…" or "😀"
    // stay readable in a receiver's logs instead of becoming \u002B escapes.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Adds the event for every enabled webhook subscribed to it. Events with the same <paramref name="orderingKey"/>
    /// (one message's status changes) reach each receiver in the order they were enqueued.
    /// </summary>
    public static async Task EnqueueAsync<T>(GatewayDbContext db, string eventName, T payload, DateTimeOffset now, CancellationToken cancellationToken, string? orderingKey = null)
    {
        var batch = await OpenAsync(db, cancellationToken).ConfigureAwait(false);
        batch.Add(eventName, payload, now, orderingKey);
    }

    /// <summary>The enabled webhooks, read once for a save that announces many events.</summary>
    public static async Task<WebhookBatch> OpenAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        // A disabled webhook gets nothing until it is enabled again: it would only pile up deliveries it cannot take.
        var hooks = await db.Webhooks.AsNoTracking().Where(w => w.DisabledAt == null).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new WebhookBatch(db, hooks);
    }

    internal static string Serialize<T>(string eventName, T payload, DateTimeOffset now) => JsonSerializer.Serialize(new WebhookEnvelope<T>(eventName, now, payload), Json);

    /// <summary>A <c>webhook.test</c> delivery for one receiver only (the "send a test" button and API).</summary>
    public static WebhookDelivery Test(long webhookId, DateTimeOffset now) => new()
    {
        WebhookId = webhookId,
        Event = WebhookEvents.Test,
        Payload = Serialize(WebhookEvents.Test, new WebhookTestPayload("A test event from ReEngage Gateway."), now),
        CreatedAt = now,
        NextAttemptAt = now,
    };

    /// <summary>The ordering key of one message's events.</summary>
    public static string MessageKey(long messageId) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"message:{messageId}");
}
