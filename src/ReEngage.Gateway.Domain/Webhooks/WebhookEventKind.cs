namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>
/// One kind of webhook event: its name (the body's <c>event</c>), a one-line summary and a description for
/// the API document, and the C# record its <c>data</c> is serialized from.
/// </summary>
public sealed record WebhookEventKind(string Name, string Summary, string Description, Type Payload);
