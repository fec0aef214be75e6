using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging.Policies;
using ReEngage.Gateway.Core.Modems;
using ReEngage.Gateway.Modem;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Sends a claimed message's parts through its modem, saving a checkpoint around each one.
/// </summary>
/// <remarks>
/// At-least-once reasoning, checkpoint by checkpoint:
/// 1. Claim: the message is Sending with this node's lease and the modem's name (saved) before anything is sent.
/// 2. Each part is Submitting (saved) before AT+CMGS, and Submitted with its TP-MR (saved) after.
/// 3. If the node dies between 2a and 2b, the part stays Submitting: when the lease runs out it is *not*
///    re-sent (it may have gone out) — the message fails with NeedsAttention, so nobody gets the SMS twice.
/// 4. If it dies with no part Submitting, the lease's expiry puts the message back in the queue; parts already
///    Submitted are kept and the rest go out on the same modem (a concatenated SMS must come from one SIM).
/// 5. Every save is conditional on the message's version: if recovery (or anyone) moved it meanwhile, this
///    sender sees that it no longer holds the claim and stops.
/// </remarks>
public sealed partial class MessageTransmitter(
    IServiceScopeFactory scopes,
    IOptions<DispatcherOptions> tuning,
    IGatewayMetrics metrics,
    TimeProvider time,
    ILogger<MessageTransmitter> logger)
{
    /// <summary>Sends the message's pending parts; completes <paramref name="lastPartInFlight"/> as its last part goes to the modem.</summary>
    public async Task SendAsync(GatewayDbContext db, ModemHandle handle, OutboundMessage message, string node, TaskCompletionSource? lastPartInFlight, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(message);
        var lease = tuning.Value.LeaseDuration;
        bool Mine(OutboundMessage m) => m.Status == MessageStatus.Sending && m.ClaimedBy == node && m.Modem == handle.Name;

        if (message.Priority == MessagePriority.Low && await db.OptOuts.AnyAsync(o => o.Phone == message.To, cancellationToken).ConfigureAwait(false))
        {
            await MessageChanges.SaveAsync(db, message, m => Mine(m) && Do(() => m.Cancel("OPTED_OUT", "The recipient opted out after the message was accepted.")), cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var renewal = new LeaseRenewal(scopes, message.Id, node, lease, time);
        var pending = message.Parts.Where(p => p.Status == PartStatus.Pending).Select(p => p.Sequence).Order().ToList();
        foreach (var sequence in pending)
        {
            var current = await MessageChanges.SaveAsync(db, message, m => Mine(m) && Do(() => m.BeginPart(sequence, time.GetUtcNow() + lease)), cancellationToken).ConfigureAwait(false);
            if (current is null || !Mine(current))
            {
                LogLostClaim(logger, message.Id, handle.Name);
                return;
            }

            message = current;
            var part = message.Parts.First(p => p.Sequence == sequence);
            if (sequence == pending[^1])
            {
                lastPartInFlight?.TrySetResult();
            }

            var started = time.GetTimestamp();
            int reference;
            try
            {
                reference = await handle.SendPartAsync(part.Pdu, part.TpduLength, sequence, cancellationToken).ConfigureAwait(false);
            }
            catch (ModemSendException ex)
            {
                await FailAsync(db, handle, message, sequence, ex, Mine, cancellationToken).ConfigureAwait(false);
                return;
            }

            var took = time.GetElapsedTime(started);
            var at = time.GetUtcNow();
            handle.RecordSuccess(at, took);
            metrics.PartSent(handle.Name, took);

            // Saved whatever happened to the claim meanwhile: the TP-MR is what matches the status report. The last
            // part's save also marks the message sent when it still holds the claim: one write, not two.
            var last = sequence == pending[^1];
            message = await MessageChanges.SaveAsync(db, message, m => m.Parts.Exists(p => p.Sequence == sequence && p.Status == PartStatus.Submitting)
                && Do(() =>
                {
                    m.PartSubmitted(sequence, reference, at);
                    if (last && Mine(m) && !m.Parts.Exists(p => p.Status is PartStatus.Pending or PartStatus.Submitting))
                    {
                        m.MarkSent(at);
                    }
                }), cancellationToken).ConfigureAwait(false) ?? message;
            await MatchEarlyReportAsync(db, handle.Name, reference, cancellationToken).ConfigureAwait(false);
        }

        var sent = message.Status == MessageStatus.Sending
            ? await MessageChanges.SaveAsync(db, message, m => Mine(m) && Do(() => m.MarkSent(time.GetUtcNow())), cancellationToken).ConfigureAwait(false)
            : message;
        if (sent is not null && sent.Status is MessageStatus.Sent or MessageStatus.Delivered)
        {
            LogSent(logger, sent.Id, handle.Name, sent.PartCount);
        }
    }

    private async Task FailAsync(GatewayDbContext db, ModemHandle handle, OutboundMessage message, int sequence, ModemSendException ex, Func<OutboundMessage, bool> mine, CancellationToken cancellationToken)
    {
        var error = ex.Error;
        var decision = RetryPolicy.Decide(ex.OutcomeUnknown, error, message.Attempts, tuning.Value, Random.Shared.NextDouble());
        handle.LastSendError = error is null ? ex.InnerException?.Message : $"{error.Label}: {error.Meaning}";
        if (error is not null)
        {
            LogSendFailed(logger, message.Id, handle.Name, error.Label, error.Class.ToString());
            if (error.Class == ModemErrorClass.EncoderBug)
            {
                LogEncoderBug(logger, message.Id, handle.Name, error.Label);
            }
        }

        if (decision.Action == SendFailureAction.SuspendModem)
        {
            handle.Suspend($"{error!.Label}: {error.Meaning}", time.GetUtcNow());
        }

        var now = time.GetUtcNow();
        await MessageChanges.SaveAsync(db, message, m =>
        {
            if (!mine(m))
            {
                return false;
            }

            if (!decision.NeedsAttention)
            {
                // Certainly not sent: the part waits again (a permanent failure keeps no part in doubt either).
                m.PartNotSent(sequence);
            }

            switch (decision.Action)
            {
                case SendFailureAction.Fail:
                    m.Fail(decision.Code!, decision.Text!, decision.NeedsAttention);
                    break;
                case SendFailureAction.Retry:
                    m.Requeue(now + decision.Delay, decision.Code, decision.Text, decision.AvoidThisModem ? handle.Name : null, countsAsAttempt: true);
                    break;
                default:
                    m.Requeue(null, null, null, decision.AvoidThisModem ? handle.Name : null, countsAsAttempt: false);
                    break;
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task MatchEarlyReportAsync(GatewayDbContext db, string modem, int reference, CancellationToken cancellationToken)
    {
        // One indexed probe per part; almost always empty. When a report beat this save, match it now (in its
        // own context: the message's version moves on, and this sender's next save sees that and reloads).
        if (await db.EarlyReports.AnyAsync(r => r.Modem == modem && r.Reference == reference, cancellationToken).ConfigureAwait(false))
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DeliveryReportProcessor>().MatchKeptAsync(modem, abandonOld: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool Do(Action change)
    {
        change();
        return true;
    }

    [LoggerMessage(2100, LogLevel.Information, "Message {MessageId} sent through {Modem} ({Parts} part(s))")]
    private static partial void LogSent(ILogger logger, long messageId, string modem, int parts);

    [LoggerMessage(2101, LogLevel.Warning, "Message {MessageId} failed on {Modem}: {Error} ({Class})")]
    private static partial void LogSendFailed(ILogger logger, long messageId, string modem, string error, string @class);

    [LoggerMessage(2102, LogLevel.Error, "Message {MessageId}: {Modem} rejected our PDU ({Error}): an encoder bug — please report it")]
    private static partial void LogEncoderBug(ILogger logger, long messageId, string modem, string error);

    [LoggerMessage(2105, LogLevel.Warning, "Message {MessageId}: {Modem} no longer holds its claim (its lease ran out and recovery moved it); stopped")]
    private static partial void LogLostClaim(ILogger logger, long messageId, string modem);
}
