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

    /// <summary>A test the business asked for, sent to one receiver whatever it subscribed to (not subscribable).</summary>
    public const string Test = "webhook.test";

    /// <summary>Every event a webhook may subscribe to: <see cref="WebhookCatalog"/>'s, which also names each one's payload.</summary>
    public static IReadOnlyList<string> All => WebhookCatalog.Names;
}
