using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// Verification as a receiver does it with the StandardWebhooks package, one signature at a time: the
/// specification accepts a request when any of its space-separated signatures verifies, but the package
/// (1.1.2) only ever compares the first one of several, so each is offered to it on its own.
/// </summary>
internal static class StandardWebhookReceiver
{
    public static bool Verifies(string secret, string body, IHeaderDictionary headers)
    {
        foreach (var signature in headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var single = new HeaderDictionary(headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase)) { ["webhook-signature"] = signature };
            try
            {
                new StandardWebhook(secret).Verify(body, single);
                return true;
            }
            catch (StandardWebhooks.Diagnostics.WebhookVerificationException)
            {
            }
        }

        return false;
    }
}
