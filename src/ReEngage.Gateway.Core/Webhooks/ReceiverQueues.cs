using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>
/// One queue per receiver: each webhook with due deliveries is drained by its own task, one request in
/// flight at a time, so a slow or dead receiver holds up nobody but itself. At most
/// <see cref="WebhookOptions.MaxConcurrentReceivers"/> receivers are sent to at once; a receiver gives its
/// slot back after every few deliveries, so a long backlog to one cannot starve the others.
/// </summary>
public sealed partial class ReceiverQueues : IAsyncDisposable
{
    private const int TurnLength = 20;

    private readonly IServiceScopeFactory scopes;
    private readonly WebhookPoster poster;
    private readonly DeliveryClaims claims;
    private readonly TimeProvider time;
    private readonly IGatewayMetrics metrics;
    private readonly ILogger<ReceiverQueues> logger;
    private readonly WebhookOptions settings;
    private readonly string node;
    private readonly SemaphoreSlim slots;
    private readonly ConcurrentDictionary<long, Task> draining = new();
    private readonly CancellationTokenSource stopping = new();
    private int disposed;

    public ReceiverQueues(IServiceScopeFactory scopes, WebhookPoster poster, DeliveryClaims claims, IOptions<GatewayOptions> options, TimeProvider time, IGatewayMetrics metrics, ILogger<ReceiverQueues> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (this.scopes, this.poster, this.claims, this.time, this.metrics, this.logger) = (scopes, poster, claims, time, metrics, logger);
        settings = options.Value.Webhooks;
        node = options.Value.Node.EffectiveName;
        slots = new SemaphoreSlim(settings.MaxConcurrentReceivers);
    }

    /// <summary>Starts draining every receiver with due work that this process is not draining yet; returns how many it started.</summary>
    public async Task<int> StartDueAsync(CancellationToken cancellationToken)
    {
        List<long> receivers;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            receivers = await DeliveryClaims.ReceiversWithDueWorkAsync(db, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        var started = 0;
        foreach (var webhookId in receivers)
        {
            if (stopping.IsCancellationRequested || !draining.TryAdd(webhookId, Task.CompletedTask))
            {
                continue;
            }

            // TryUpdate, not an assignment: a drain that already finished has removed its entry, and must stay removed.
            draining.TryUpdate(webhookId, Task.Run(() => DrainAsync(webhookId), CancellationToken.None), Task.CompletedTask);
            started++;
        }

        return started;
    }

    /// <summary>Completes when the drains running now have finished (tests; shutdown).</summary>
    public Task IdleAsync() => Task.WhenAll(draining.Values);

    public async ValueTask DisposeAsync()
    {
        // Both the sender (when it stops) and the container dispose it.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await IdleAsync().ConfigureAwait(false);
        stopping.Dispose();
        slots.Dispose();
    }

    private async Task DrainAsync(long webhookId)
    {
        var token = stopping.Token;
        var holding = false;
        try
        {
            await slots.WaitAsync(token).ConfigureAwait(false);
            holding = true;
            for (var sent = 1; await DeliverNextAsync(webhookId, token).ConfigureAwait(false); sent++)
            {
                if (sent % TurnLength == 0)
                {
                    holding = false;
                    slots.Release();
                    await slots.WaitAsync(token).ConfigureAwait(false);
                    holding = true;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogDrainFailed(logger, ex, webhookId);
        }
        finally
        {
            if (holding)
            {
                slots.Release();
            }

            draining.TryRemove(webhookId, out _);
        }
    }

    private async Task<bool> DeliverNextAsync(long webhookId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var hook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == webhookId && w.DisabledAt == null, cancellationToken).ConfigureAwait(false);
        var delivery = hook is null ? null : await claims.ClaimNextAsync(db, webhookId, node, time.GetUtcNow(), settings.Lease, cancellationToken).ConfigureAwait(false);
        if (hook is null || delivery is null)
        {
            return false;
        }

        DeliveryOutcome outcome;
        try
        {
            outcome = await poster.PostAsync(hook, delivery, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: hand it back now rather than make another sender wait for the lease to run out.
            await claims.ReleaseAsync(db, delivery, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        metrics.WebhookAttempt(outcome.Delivered);
        var now = time.GetUtcNow();
        if (!await claims.RecordAsync(db, delivery, outcome, now, cancellationToken).ConfigureAwait(false))
        {
            LogLeaseLost(logger, delivery.Id, webhookId);
            return true;
        }

        if (!outcome.Delivered)
        {
            LogAttemptFailed(logger, delivery.Id, webhookId, delivery.Attempts + 1, outcome.Error ?? "?");
        }

        if (await claims.RecordHealthAsync(db, webhookId, outcome.Delivered, now, settings.DisableAfter, cancellationToken).ConfigureAwait(false))
        {
            LogDisabled(logger, webhookId, settings.DisableAfter);
        }

        return true;
    }

    [LoggerMessage(2402, LogLevel.Error, "Webhook {WebhookId}: its delivery queue failed; it is picked up again on the next poll")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception, long webhookId);

    [LoggerMessage(2403, LogLevel.Warning, "Webhook delivery {DeliveryId} to webhook {WebhookId}: the lease ran out before the outcome was saved; another sender has it")]
    private static partial void LogLeaseLost(ILogger logger, long deliveryId, long webhookId);

    [LoggerMessage(2404, LogLevel.Information, "Webhook delivery {DeliveryId} to webhook {WebhookId}, attempt {Attempt}, failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, long deliveryId, long webhookId, int attempt, string error);

    [LoggerMessage(2405, LogLevel.Warning, "Webhook {WebhookId} disabled: every delivery failed for {DisableAfter}")]
    private static partial void LogDisabled(ILogger logger, long webhookId, TimeSpan disableAfter);
}
