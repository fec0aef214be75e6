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

    /// <summary>A contact entered the sleeping segment (left out of regular mailings from now on).</summary>
    public const string ContactSleeping = "contact.sleeping";

    /// <summary>A contact came back: left the sleeping segment, or engaged during a re-engagement run.</summary>
    public const string ContactReactivated = "contact.reactivated";

    /// <summary>A re-engagement run ended without a response: the contact is off the list.</summary>
    public const string ContactUnsubscribed = "contact.unsubscribed";

    public static readonly IReadOnlyList<string> All = [MessageStatus, MessageInbound, ContactOptOut, ContactSleeping, ContactReactivated, ContactUnsubscribed];
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

    public static async Task EnqueueAsync(GatewayDbContext db, string eventName, object payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hooks = await db.Webhooks.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        string? body = null;
        foreach (var hook in hooks)
        {
            if (!hook.EventList.Contains(eventName))
            {
                continue;
            }

            body ??= JsonSerializer.Serialize(new { @event = eventName, at = now, data = payload }, Json);
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                WebhookId = hook.Id,
                Event = eventName,
                Payload = body,
                State = DeliveryState.Pending,
                CreatedAt = now,
                NextAttemptAt = now,
            });
        }
    }
}
