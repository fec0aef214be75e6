using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Webhooks;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Matches a status report to the part it is about by (modem, TP-MR, recipient, recent send), newest
/// first. TP-MR wraps at 256, so the recipient — compared on its last 8 digits, because networks often
/// report it in national form — is what makes the match safe. SMSC clocks are not trusted.
/// </summary>
public sealed partial class DeliveryReportProcessor(GatewayDbContext db, GatewayEventBus bus, TimeProvider time, ILogger<DeliveryReportProcessor> logger)
{
    private static readonly TimeSpan Window = TimeSpan.FromDays(7);

    public async Task<bool> ApplyAsync(string modem, SmsStatusReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var now = time.GetUtcNow();
        var since = now - Window;
        var candidates = await db.Parts.Include(p => p.Message)
            .Where(p => p.Modem == modem && p.Reference == report.MessageReference && p.Status == PartStatus.Submitted && p.SubmittedAt >= since)
            .OrderByDescending(p => p.SubmittedAt).ThenByDescending(p => p.Id)
            .Take(20).ToListAsync(cancellationToken).ConfigureAwait(false);
        var recipient = Tail(report.Recipient.Number);
        var part = candidates.FirstOrDefault(p => Tail(p.Message!.To) == recipient);
        if (part is null)
        {
            LogUnmatched(logger, modem, report.MessageReference);
            return false;
        }

        part.ReportStatus = report.Status.Value;
        part.ReportedAt = now;
        var message = part.Message!;
        switch (report.Status.Outcome)
        {
            case DeliveryOutcome.Pending:
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return true;
            case DeliveryOutcome.Delivered:
                part.Status = PartStatus.Delivered;
                await db.Entry(message).Collection(m => m.Parts).LoadAsync(cancellationToken).ConfigureAwait(false);
                if (message.Parts.All(p => p.Status == PartStatus.Delivered) && message.Status is MessageStatus.Sent or MessageStatus.Sending)
                {
                    message.Status = MessageStatus.Delivered;
                    message.DeliveredAt = report.DischargeTime is { } discharge && Math.Abs((discharge - now).TotalDays) < 2 ? discharge : now;
                }

                break;
            default:
                part.Status = PartStatus.Failed;
                await db.Entry(message).Collection(m => m.Parts).LoadAsync(cancellationToken).ConfigureAwait(false);
                if (message.Status is MessageStatus.Sent or MessageStatus.Sending)
                {
                    message.Status = MessageStatus.Failed;
                    message.ErrorCode = $"ST 0x{report.Status.Value:X2}";
                    message.ErrorMessage = report.Status.Description;
                }

                break;
        }

        await WebhookOutbox.EnqueueAsync(db, WebhookEvents.MessageStatus, Dispatcher.StatusPayload(message), now, cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        bus.Publish(MessageStatusChanged.Of(message));
        return true;
    }

    private static string Tail(string number)
    {
        var digits = new string([.. number.Where(char.IsAsciiDigit)]);
        return digits.Length <= 8 ? digits : digits[^8..];
    }

    [LoggerMessage(2200, LogLevel.Information, "{Modem}: status report for TP-MR {Reference} matches no recent part")]
    private static partial void LogUnmatched(ILogger logger, string modem, int reference);
}
