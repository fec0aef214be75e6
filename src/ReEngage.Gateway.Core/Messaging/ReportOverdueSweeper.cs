using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;

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
        foreach (var message in due)
        {
            // Through the lifecycle, one message at a time: a report that lands meanwhile wins (the
            // version changes) and the retry then finds nothing overdue.
            await MessageChanges.SaveAsync(db, message, m => ReportOverduePolicy.IsOverdue(m, now, timeout) && MarkOverdue(m), cancellationToken).ConfigureAwait(false);
        }

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

    private static bool MarkOverdue(OutboundMessage message)
    {
        message.MarkReportOverdue();
        return true;
    }

    [LoggerMessage(2500, LogLevel.Information, "{Count} sent message(s) got no status report within {Timeout}: marked reportOverdue")]
    private static partial void LogOverdue(ILogger logger, int count, TimeSpan timeout);

    [LoggerMessage(2501, LogLevel.Error, "The report-overdue sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
