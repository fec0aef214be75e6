using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>Webhook event names.</summary>
public static class WebhookEvents
{
    public const string MessageStatus = "message.status";
    public const string MessageInbound = "message.inbound";
    public const string ContactOptOut = "contact.optout";

    /// <summary>A contact's status changed, whatever the cause (the list events below are its subsets).</summary>
    public const string ContactStatus = "contact.status";

    /// <summary>A contact entered the sleeping segment (left out of regular mailings from now on).</summary>
    public const string ContactSleeping = "contact.sleeping";

    /// <summary>A contact came back: left the sleeping segment, or engaged during a re-engagement run.</summary>
    public const string ContactReactivated = "contact.reactivated";

    /// <summary>A re-engagement run ended without a response: the contact is off the list.</summary>
    public const string ContactUnsubscribed = "contact.unsubscribed";

    /// <summary>Every event a webhook may subscribe to: <see cref="WebhookCatalog"/>'s, which also names each one's payload.</summary>
    public static IReadOnlyList<string> All => WebhookCatalog.Names;
}

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

    /// <summary>The ordering key of one message's events.</summary>
    public static string MessageKey(long messageId) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"message:{messageId}");
}
