using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Api;

/// <summary>A webhook to create (url and events needed) or change (what is left out stays as it is).</summary>
internal sealed record WebhookBody(
    [property: Required, Description("Where events are POSTed: an absolute http:// or https:// URL.")] string? Url,
    [property: Required, Description("The events to receive: message.status, message.inbound, contact.optout, contact.sleeping, contact.reactivated, contact.unsubscribed.")] List<string>? Events,
    [property: Description("On creation only: your own secret (at least 16 characters, or whsec_ + base64); left out, one is generated.")] string? Secret,
    [property: Description("A note on what the receiver is; an empty string clears it.")] string? Description,
    [property: Description("false stops deliveries; true resumes them (and re-enables a webhook the gateway disabled).")] bool? Enabled);

/// <summary>
/// What PUT changes: only what it is given (the same fields as <see cref="WebhookBody"/>, none required; the
/// secret is changed by rotate-secret, not here).
/// </summary>
internal sealed record WebhookChangeBody(
    [property: Description("A new absolute http:// or https:// URL.")] string? Url,
    [property: Description("The events to receive from now on.")] List<string>? Events,
    [property: Description("A note on what the receiver is; an empty string clears it.")] string? Description,
    [property: Description("false stops deliveries; true resumes them (and re-enables a webhook the gateway disabled).")] bool? Enabled);

/// <summary>A webhook as the API shows it (never its secret).</summary>
internal sealed record WebhookDto(
    long Id,
    string Url,
    IReadOnlyList<string> Events,
    string? Description,
    bool Enabled,
    [property: Description("When it stopped receiving events; null while enabled.")] DateTimeOffset? DisabledAt,
    [property: Description("Why: disabled by an operator, or after failing for Gateway:Webhooks:DisableAfter.")] string? DisabledReason,
    [property: Description("When the current run of failed attempts began; null after a success.")] DateTimeOffset? FailingSince,
    [property: Description("Until when the secret before the last rotation still signs requests too.")] DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt)
{
    public static WebhookDto Of(Webhook hook, DateTimeOffset now) => new(
        hook.Id, hook.Url, hook.EventList, hook.Description, hook.Enabled, hook.DisabledAt, hook.DisabledReason, hook.FailingSince,
        hook.PreviousSecret is not null && hook.PreviousSecretUntil > now ? hook.PreviousSecretUntil : null, hook.CreatedAt);
}

/// <summary>A new webhook, with its signing secret (shown only in this answer).</summary>
internal sealed record WebhookCreatedDto(long Id, string Url, IReadOnlyList<string> Events, string? Description, string Secret, DateTimeOffset CreatedAt);

/// <summary>The secret after a rotation (shown only in this answer); the previous one signs too until <c>previousSecretExpiresAt</c>.</summary>
internal sealed record SecretRotatedDto(long Id, string Secret, DateTimeOffset? PreviousSecretExpiresAt);

/// <summary>One event for one webhook, with every attempt's outcome so far.</summary>
internal sealed record WebhookDeliveryDto(
    long Id,
    [property: Description("The Standard Webhooks webhook-id header: the same on every attempt and redelivery.")] string WebhookId,
    string Event,
    DeliveryState State,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt)
{
    public static WebhookDeliveryDto Of(WebhookDelivery d) =>
        new(d.Id, d.WebhookMessageId, d.Event, d.State, d.Attempts, d.LastStatusCode, d.LastError, d.CreatedAt, d.NextAttemptAt);
}

/// <summary>A test event was queued for the webhook (it follows in its delivery log).</summary>
internal sealed record WebhookTestQueuedDto(bool Queued);
