using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ReEngage.Gateway.Core.Webhooks;

/// <summary>
/// Delivers the webhook outbox: every half second it looks for receivers with due deliveries and has
/// <see cref="ReceiverQueues"/> drain each on its own. It runs apart from sending, so a slow receiver never
/// slows SMS down, and through leases in the database, so several nodes on one database deliver each event once.
/// </summary>
public sealed partial class WebhookSender(ReceiverQueues queues, TimeProvider time, ILogger<WebhookSender> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queues.StartDueAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogLoopError(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ConfigureAwait(false);
            }
        }

        await queues.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(2400, LogLevel.Error, "Webhook delivery loop failed; continuing")]
    private static partial void LogLoopError(ILogger logger, Exception exception);
}
