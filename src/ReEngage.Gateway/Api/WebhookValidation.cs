using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Api;

/// <summary>What a webhook body must satisfy, per field, for creation (url and events required) and for changes (what is given).</summary>
internal static class WebhookValidation
{
    public const int MaxDescription = 500;

    public static Dictionary<string, string[]> Errors(WebhookBody body, bool creating)
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new Dictionary<string, string[]>();
        // Plain http:// on the local network is allowed: appliances live on LANs.
        if ((creating || body.Url is not null) && !IsHttpUrl(body.Url))
        {
            errors["url"] = ["'url' must be an absolute http:// or https:// URL."];
        }

        if ((creating || body.Events is not null) && (body.Events is not { Count: > 0 } events || events.Any(e => WebhookCatalog.Find(e) is null)))
        {
            errors["events"] = [$"'events' must list one or more of: {string.Join(", ", WebhookCatalog.Names)}."];
        }

        if (!creating && body.Secret is not null)
        {
            errors["secret"] = ["The secret cannot be set on an existing webhook: rotate it with POST /api/v1/webhooks/{id}/rotate-secret."];
        }
        else if (body.Secret is { Length: < 16 })
        {
            errors["secret"] = ["'secret' must be at least 16 characters (or left out: one is generated)."];
        }
        else if (body.Secret is { } given && given.StartsWith("whsec_", StringComparison.Ordinal) && !IsBase64Key(given["whsec_".Length..]))
        {
            errors["secret"] = ["A 'whsec_' secret is base64 after the prefix, of at least 16 bytes (or leave it out: one is generated)."];
        }

        if (body.Description is { Length: > MaxDescription })
        {
            errors["description"] = [$"'description' is at most {MaxDescription} characters."];
        }

        return errors;
    }

    /// <summary>The URL as stored (normalised by <see cref="Uri"/>).</summary>
    public static string Normalise(string url) => new Uri(url, UriKind.Absolute).ToString();

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https";

    private static bool IsBase64Key(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var length) && length >= 16;
    }
}
