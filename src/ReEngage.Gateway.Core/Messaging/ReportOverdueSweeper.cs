using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Marks sent messages whose status report never came (<see cref="ReportOverduePolicy"/>) as
/// <c>reportOverdue</c>, with a <c>message.status</c> webhook saying so — at start and every ten minutes,
/// on the injected clock, so a restart resumes and tests move time instead of waiting.
/// </summary>
public sealed partial class ReportOverdueSweeper(IServiceScopeFactory scopes, IOptions<GatewayOptions> options, TimeProvider time, ILogger<ReportOverdueSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>Marks every message overdue now; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var timeout = options.Value.StatusReportTimeout;
        var sentBefore = ReportOverduePolicy.SentBefore(now, timeout);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var due = await db.Messages.Include(m => m.Parts)
            .Where(m => m.Status == MessageStatus.Sent && m.StatusReport && !m.ReportOverdue && m.SentAt != null && m.SentAt <= sentBefore)
            .OrderBy(m => m.Id).Take(500)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var message in due.Where(m => ReportOverduePolicy.IsOverdue(m, now, timeout)))
        {
            message.ReportOverdue = true;
            await WebhookOutbox.EnqueueAsync(db, WebhookEvents.MessageStatus, Payload(message), now, cancellationToken).ConfigureAwait(false);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (due.Count > 0)
        {
            LogOverdue(logger, due.Count, timeout);
        }

        return due.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                while (await SweepAsync(stoppingToken).ConfigureAwait(false) == 500)
                {
                    // A backlog (first start after an upgrade): keep going in batches.
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    // The message.status payload, with the flag: still "sent", but no report is to be expected any more.
    private static object Payload(OutboundMessage message) => new
    {
        id = message.Id,
        to = message.To,
        status = "sent",
        modem = message.Modem,
        parts = message.PartCount,
        partsSent = message.Parts.Count(p => p.Status is PartStatus.Submitted or PartStatus.Delivered),
        partsDelivered = message.Parts.Count(p => p.Status == PartStatus.Delivered),
        error = (object?)null,
        reportOverdue = true,
    };

    [LoggerMessage(2500, LogLevel.Information, "{Count} sent message(s) got no status report within {Timeout}: marked reportOverdue")]
    private static partial void LogOverdue(ILogger logger, int count, TimeSpan timeout);

    [LoggerMessage(2501, LogLevel.Error, "The report-overdue sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
