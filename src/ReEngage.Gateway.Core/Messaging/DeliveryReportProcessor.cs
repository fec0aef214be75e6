using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Matches a status report to the part it is about by (modem, TP-MR, recipient, recent send), newest
/// first. TP-MR wraps at 256, so the recipient — compared on its last 8 digits, because networks often
/// report it in national form — is what makes the match safe. SMSC clocks are not trusted. A report that
/// matches nothing yet is kept (<see cref="EarlyReport"/>) and matched when its part is saved.
/// </summary>
public sealed partial class DeliveryReportProcessor(GatewayDbContext db, IOptions<DispatcherOptions> tuning, TimeProvider time, ILogger<DeliveryReportProcessor> logger)
{
    private static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <summary>Applies the report, or keeps it for its part. Returns whether it matched a part now.</summary>
    public async Task<bool> ApplyAsync(string modem, SmsStatusReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var now = time.GetUtcNow();
        var early = new EarlyReport
        {
            Modem = modem,
            Reference = report.MessageReference,
            RecipientTail = Tail(report.Recipient.Number),
            Status = report.Status.Value,
            DischargeTime = report.DischargeTime,
            ReceivedAt = now,
        };
        if (await TryApplyAsync(early, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        db.EarlyReports.Add(early);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        LogKept(logger, modem, report.MessageReference);
        return false;
    }

    /// <summary>Matches the kept reports of one modem (all modems when null) against the parts saved since; returns those still unmatched after the window.</summary>
    public async Task<IReadOnlyList<EarlyReport>> MatchKeptAsync(string? modem, bool abandonOld, CancellationToken cancellationToken)
    {
        var kept = await db.EarlyReports.Where(r => modem == null || r.Modem == modem).OrderBy(r => r.Id).Take(500).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (kept.Count == 0)
        {
            return [];
        }

        var oldest = time.GetUtcNow() - tuning.Value.EarlyReportWindow;
        var abandoned = new List<EarlyReport>();
        foreach (var report in kept)
        {
            var matched = await TryApplyAsync(report, cancellationToken).ConfigureAwait(false);
            if (matched || (abandonOld && report.ReceivedAt < oldest))
            {
                if (!matched)
                {
                    abandoned.Add(report);
                    LogUnmatched(logger, report.Modem, report.Reference);
                }

                await db.EarlyReports.Where(r => r.Id == report.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return abandoned;
    }

    private async Task<bool> TryApplyAsync(EarlyReport report, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - Window;
        var candidates = await db.Parts.AsNoTracking()
            .Where(p => p.Modem == report.Modem && p.Reference == report.Reference && p.Status == PartStatus.Submitted && p.SubmittedAt >= since)
            .OrderByDescending(p => p.SubmittedAt).ThenByDescending(p => p.Id)
            .Select(p => new { p.MessageId, p.Sequence, p.Message!.To })
            .Take(20).ToListAsync(cancellationToken).ConfigureAwait(false);
        var part = candidates.FirstOrDefault(p => Tail(p.To) == report.RecipientTail);
        if (part is null)
        {
            return false;
        }

        var message = await db.Messages.Include(m => m.Parts).FirstOrDefaultAsync(m => m.Id == part.MessageId, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            return false;
        }

        var status = new DeliveryStatus((byte)report.Status);
        var now = time.GetUtcNow();
        var deliveredAt = report.DischargeTime is { } discharge && Math.Abs((discharge - now).TotalDays) < 2 ? discharge : now;
        await MessageChanges.SaveAsync(db, message, m =>
        {
            m.ApplyReport(part.Sequence, status.Outcome, report.Status, now, deliveredAt);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    internal static string Tail(string number)
    {
        var digits = new string([.. number.Where(char.IsAsciiDigit)]);
        return digits.Length <= 8 ? digits : digits[^8..];
    }

    [LoggerMessage(2200, LogLevel.Debug, "{Modem}: status report for TP-MR {Reference} came before its part was saved; kept for matching")]
    private static partial void LogKept(ILogger logger, string modem, int reference);

    [LoggerMessage(2201, LogLevel.Warning, "{Modem}: status report for TP-MR {Reference} matched no part; dropped")]
    private static partial void LogUnmatched(ILogger logger, string modem, int reference);
}
