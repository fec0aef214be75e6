using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>
/// Delivers the webhook outbox: signed POSTs (X-ReEngage-Signature: sha256=HMAC of the body with the
/// webhook's secret), retried with back-off, outcome recorded. It runs on its own, so a slow receiver
/// never slows sending down.
/// </summary>
public sealed partial class WebhookSender(IServiceScopeFactory scopes, IHttpClientFactory clients, TimeProvider time, ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6)];

    private static readonly string UserAgent = $"ReEngage-Gateway/{typeof(WebhookSender).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"}";

    /// <summary>
    /// The Standard Webhooks signature: <c>v1,</c> + base64 HMAC-SHA256 of <c>id.timestamp.body</c>, keyed with the
    /// secret's bytes (a <c>whsec_</c> secret is base64 after its prefix; an older plain secret is its UTF-8 bytes).
    /// </summary>
    public static string SignStandard(string secret, string id, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = secret.StartsWith("whsec_", StringComparison.Ordinal) ? Convert.FromBase64String(secret["whsec_".Length..]) : Encoding.UTF8.GetBytes(secret);
        var signed = Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var worked = await DeliverDueAsync(stoppingToken).ConfigureAwait(false);
                if (!worked)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogLoopError(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var now = time.GetUtcNow();
        var due = await db.WebhookDeliveries.Where(d => d.State == DeliveryState.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.Id).Take(20).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (due.Count == 0)
        {
            return false;
        }

        var hooks = await db.Webhooks.AsNoTracking().ToDictionaryAsync(w => w.Id, cancellationToken).ConfigureAwait(false);
        var client = clients.CreateClient(HttpClientName);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (delivery, token) =>
        {
            if (!hooks.TryGetValue(delivery.WebhookId, out var hook))
            {
                delivery.State = DeliveryState.Failed;
                delivery.LastError = "The webhook was deleted.";
                return;
            }

            delivery.Attempts++;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url)
                {
                    Content = new StringContent(delivery.Payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
                };
                request.Headers.Add("X-ReEngage-Event", delivery.Event);
                request.Headers.Add("X-ReEngage-Delivery", delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add("X-ReEngage-Signature", Sign(hook.Secret, delivery.Payload));

                // Standard Webhooks: the id stays the same across retries (one delivery row per event and
                // receiver), the timestamp is this attempt's, signed with the id and the body.
                var webhookId = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"msg_{delivery.Id}");
                var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
                request.Headers.Add("webhook-id", webhookId);
                request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add("webhook-signature", SignStandard(hook.Secret, webhookId, timestamp, delivery.Payload));
                request.Headers.UserAgent.ParseAdd(UserAgent);
                using var response = await client.SendAsync(request, token).ConfigureAwait(false);
                delivery.LastStatusCode = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    delivery.State = DeliveryState.Delivered;
                    delivery.LastError = null;
                    return;
                }

                delivery.LastError = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                delivery.LastError = ex.Message;
            }

            if (delivery.Attempts > Backoff.Length)
            {
                delivery.State = DeliveryState.Failed;
                LogGaveUp(logger, delivery.Id, hook.Url, delivery.LastError ?? "?");
            }
            else
            {
                delivery.NextAttemptAt = time.GetUtcNow() + Backoff[delivery.Attempts - 1];
            }
        }).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(2400, LogLevel.Error, "Webhook delivery loop failed; continuing")]
    private static partial void LogLoopError(ILogger logger, Exception exception);

    [LoggerMessage(2401, LogLevel.Warning, "Webhook delivery {DeliveryId} to {Url} given up: {Error}")]
    private static partial void LogGaveUp(ILogger logger, long deliveryId, string url, string error);
}
