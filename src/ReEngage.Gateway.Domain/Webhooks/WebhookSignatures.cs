using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>How requests are signed: Standard Webhooks' <c>webhook-signature</c>, and the older <c>X-ReEngage-Signature</c>.</summary>
public static class WebhookSignatures
{
    /// <summary>
    /// The Standard Webhooks signature: <c>v1,</c> + base64 HMAC-SHA256 of <c>id.timestamp.body</c>, keyed with the
    /// secret's bytes (a <c>whsec_</c> secret is base64 after its prefix; an older plain secret is its UTF-8 bytes).
    /// </summary>
    public static string SignStandard(string secret, string id, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = secret.StartsWith("whsec_", StringComparison.Ordinal) ? Convert.FromBase64String(secret["whsec_".Length..]) : Encoding.UTF8.GetBytes(secret);
        var signed = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>
    /// The <c>webhook-signature</c> header: one <c>v1,</c> signature per secret in force, space-separated (the
    /// specification's way to rotate: a receiver accepts the request when any one of them verifies).
    /// </summary>
    public static string StandardHeader(IEnumerable<string> secrets, string id, long timestamp, string body) =>
        string.Join(' ', secrets.Select(secret => SignStandard(secret, id, timestamp, body)));

    /// <summary>The older <c>X-ReEngage-Signature</c>: <c>sha256=</c> + hex HMAC of the body with the current secret.</summary>
    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>A new secret as Standard Webhooks' libraries expect it: <c>whsec_</c> + base64 of 24 random bytes.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
}
