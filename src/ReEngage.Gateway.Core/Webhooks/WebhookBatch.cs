using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>
/// The webhooks enabled when a save began, and the deliveries it adds for them: one read of the
/// receivers however many events the save announces (a sleeping segment can move thousands of contacts).
/// </summary>
public sealed class WebhookBatch
{
    private readonly GatewayDbContext db;
    private readonly List<(long Id, HashSet<string> Events)> hooks;

    internal WebhookBatch(GatewayDbContext db, IReadOnlyList<Webhook> hooks)
    {
        this.db = db;
        this.hooks = [.. hooks.Select(h => (h.Id, h.EventList.ToHashSet(StringComparer.Ordinal)))];
    }

    /// <summary>Whether any receiver takes <paramref name="eventName"/>: a caller can skip building payloads nobody reads.</summary>
    public bool AnyFor(string eventName) => hooks.Exists(h => h.Events.Contains(eventName));

    /// <summary>Adds one payload under several event names (a contact's status change and its list event).</summary>
    public void AddEach<T>(IEnumerable<string> eventNames, T payload, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(eventNames);
        foreach (var name in eventNames)
        {
            Add(name, payload, now);
        }
    }

    /// <summary>Adds the event for every receiver subscribed to it, to be saved with the change it reports.</summary>
    public void Add<T>(string eventName, T payload, DateTimeOffset now, string? orderingKey = null)
    {
        string? body = null;
        foreach (var hook in hooks)
        {
            if (!hook.Events.Contains(eventName))
            {
                continue;
            }

            body ??= WebhookOutbox.Serialize(eventName, payload, now);
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                WebhookId = hook.Id,
                Event = eventName,
                Payload = body,
                OrderingKey = orderingKey,
                State = DeliveryState.Pending,
                CreatedAt = now,
                NextAttemptAt = now,
            });
        }
    }
}
