using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>What one attempt gave.</summary>
public sealed record DeliveryOutcome(bool Delivered, int? StatusCode, string? Error);

/// <summary>One signed POST of a delivery to its receiver, cut off after <see cref="WebhookOptions.Timeout"/>.</summary>
public sealed class WebhookPoster(IHttpClientFactory clients, IOptions<GatewayOptions> options, TimeProvider time)
{
    public const string HttpClientName = "webhooks";

    private static readonly string UserAgent = $"ReEngage-Gateway/{typeof(WebhookPoster).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"}";

    public async Task<DeliveryOutcome> PostAsync(Webhook hook, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hook);
        ArgumentNullException.ThrowIfNull(delivery);
        var limit = options.Value.Webhooks.Timeout;
        // The timeout runs on the gateway's clock, so a test can make a receiver time out without waiting.
        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = Build(hook, delivery);
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, linked.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? new DeliveryOutcome(true, (int)response.StatusCode, null)
                : new DeliveryOutcome(false, (int)response.StatusCode, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(false, null, string.Create(CultureInfo.InvariantCulture, $"No answer within {limit.TotalSeconds:0.#} s."));
        }
        catch (HttpRequestException ex)
        {
            return new DeliveryOutcome(false, null, ex.Message);
        }
    }

    private HttpRequestMessage Build(Webhook hook, WebhookDelivery delivery)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, hook.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("X-ReEngage-Event", delivery.Event);
        request.Headers.Add("X-ReEngage-Delivery", delivery.Id.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-ReEngage-Signature", WebhookSignatures.Sign(hook.Secret, delivery.Payload));

        // Standard Webhooks: the id stays the same across retries and redeliveries (one delivery row per event
        // and receiver); the timestamp is this attempt's, signed with the id and the body.
        var now = time.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        request.Headers.Add("webhook-id", delivery.WebhookMessageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignatures.StandardHeader(hook.SigningSecrets(now), delivery.WebhookMessageId, timestamp, delivery.Payload));
        request.Headers.UserAgent.ParseAdd(UserAgent);
        return request;
    }
}
