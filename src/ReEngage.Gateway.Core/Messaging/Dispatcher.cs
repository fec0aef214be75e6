using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Modems;
using ReEngage.Gateway.Core.Webhooks;
using ReEngage.Gateway.Modem;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>Dispatcher tuning (not user configuration: tests shorten the waits).</summary>
public sealed class DispatcherOptions
{
    /// <summary>Random pause between two sends on one modem, up to this long (and never more than a tenth of its pacing interval).</summary>
    public TimeSpan MaxJitter { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a worker sleeps when there is nothing to do. New work (the API, campaigns, replies, a
    /// resumed modem) pulses the workers awake at once; the poll only catches what becomes due with time —
    /// a <c>sendAt</c>, a retry, the end of quiet hours — so that is sent at most this late. Each poll is two
    /// queries per modem: at 500 ms an idle gateway with 16 modems spent 4 % of a core on them.
    /// </summary>
    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts before a message with retryable errors fails.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Waits before retry n (the last repeats) after a network error.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; set; } = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)];

    /// <summary>Wait before retrying a busy modem.</summary>
    public TimeSpan BusyRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a message waits for the modem its contact knows before any modem may take it.</summary>
    public TimeSpan StickyWait { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// Sends the outbox through the modems: one worker per modem pulls the next due message it may send
/// (priority, schedule, quiet hours, per-SIM limits, stickiness), so the least-loaded modem naturally
/// takes the next message, and one bad number or one dead modem never blocks the rest.
/// </summary>
/// <remarks>
/// At-least-once reasoning, checkpoint by checkpoint:
/// 1. Claim: the message is marked Sending with the modem's name (saved) before anything is sent.
/// 2. Each part is marked Submitting (saved) before AT+CMGS, and Submitted with its TP-MR (saved) after.
/// 3. A crash between 2a and 2b leaves a part Submitting: on start it is *not* re-sent (it may have
///    gone out) but the message is failed with NeedsAttention, so nobody gets the SMS twice.
/// 4. A crash after 1 with no part Submitting: on start the message goes back to Queued; parts already
///    Submitted are kept, and the rest go out on the same modem (a concatenated SMS must come from one SIM).
/// </remarks>
public sealed partial class Dispatcher(
    ModemPool pool,
    IServiceScopeFactory scopes,
    DispatchSignal signal,
    GatewayEventBus bus,
    SendingRules rules,
    IOptions<DispatcherOptions> tuning,
    IGatewayMetrics metrics,
    TimeProvider time,
    ILogger<Dispatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim claimGate = new(1, 1);

    /// <summary>Puts crash leftovers in order before sending starts.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            var interrupted = await db.Messages.Include(m => m.Parts).Where(m => m.Status == MessageStatus.Sending).ToListAsync(cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            foreach (var message in interrupted)
            {
                if (message.Parts.Any(p => p.Status == PartStatus.Submitting))
                {
                    message.Status = MessageStatus.Failed;
                    message.NeedsAttention = true;
                    message.ErrorCode = "UNKNOWN_OUTCOME";
                    message.ErrorMessage = "The gateway stopped while a part was being submitted: it may or may not have been sent, so it was not sent again.";
                    await WebhookOutbox.EnqueueAsync(db, WebhookEvents.MessageStatus, StatusPayload(message), now, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    message.Status = MessageStatus.Queued;
                    if (message.Parts.All(p => p.Status == PartStatus.Pending))
                    {
                        message.Modem = null;
                    }
                }
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            if (interrupted.Count > 0)
            {
                LogRecovered(logger, interrupted.Count, interrupted.Count(m => m.NeedsAttention));
            }
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = pool.Handles.Select(handle => Task.Run(() => WorkAsync(handle, stoppingToken), CancellationToken.None)).ToList();
        workers.Add(Task.Run(() => HousekeepAsync(stoppingToken), CancellationToken.None));
        return Task.WhenAll(workers);
    }

    private async Task WorkAsync(ModemHandle handle, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (handle.ReadySession is not { } session)
                {
                    await Task.Delay(tuning.Value.IdlePoll, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
                var wait = await RateLimitWaitAsync(db, handle, stoppingToken).ConfigureAwait(false);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait < TimeSpan.FromSeconds(5) ? wait : TimeSpan.FromSeconds(5), time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var message = await ClaimAsync(db, handle, stoppingToken).ConfigureAwait(false);
                if (message is null)
                {
                    await signal.WaitAsync(tuning.Value.IdlePoll, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await SendAsync(db, handle, session, message, stoppingToken).ConfigureAwait(false);

                // A small random pause so a SIM does not send with a machine's rhythm; at most a tenth of
                // its pacing interval, so it never eats into the configured rate.
                var pacing = TimeSpan.FromMinutes(1) / Math.Max(1, handle.Limits.PerMinute);
                var jitter = TimeSpan.FromTicks(Math.Min(tuning.Value.MaxJitter.Ticks, pacing.Ticks / 10));
                if (jitter > TimeSpan.Zero)
                {
                    await Task.Delay(TimeSpan.FromTicks(Random.Shared.NextInt64(jitter.Ticks)), time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A worker must outlive anything one message or one modem does to it.
                LogWorkerError(logger, handle.Name, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<OutboundMessage?> ClaimAsync(GatewayDbContext db, ModemHandle handle, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var quiet = QuietHours.IsQuiet(rules.QuietHours, now);
        await claimGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var due = db.Messages.Where(m =>
                (m.Status == MessageStatus.Queued || (m.Status == MessageStatus.Scheduled && m.SendAt <= now))
                && (m.NextAttemptAt == null || m.NextAttemptAt <= now)
                && (m.ValidUntil == null || m.ValidUntil > now)
                && (m.RequestedModem == null || m.RequestedModem == handle.Name)
                && (m.Modem == null || m.Modem == handle.Name));
            if (quiet)
            {
                due = due.Where(m => m.Priority != MessagePriority.Low);
            }

            var candidates = await due.OrderBy(m => m.Priority).ThenBy(m => m.Id).Take(25).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var message in candidates)
            {
                if (!await SuitsAsync(db, handle, message, now, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                message.Status = MessageStatus.Sending;
                message.Modem = handle.Name;
                message.Attempts++;
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await db.Entry(message).Collection(m => m.Parts).LoadAsync(cancellationToken).ConfigureAwait(false);
                return message;
            }

            return null;
        }
        finally
        {
            claimGate.Release();
        }
    }

    private async Task<bool> SuitsAsync(GatewayDbContext db, ModemHandle handle, OutboundMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (message.Modem is null)
        {
            // Sticky: the contact's own modem gets a head start while it is online.
            if (message.PreferredModem is { } preferred && preferred != handle.Name && now - message.CreatedAt < tuning.Value.StickyWait
                && pool.Find(preferred)?.ReadySession is not null)
            {
                return false;
            }

            if (message.AvoidModem == handle.Name && pool.Handles.Any(h => h.Name != handle.Name && h.ReadySession is not null))
            {
                return false;
            }
        }

        if (handle.Limits.MonthlyRecipients is { } cap)
        {
            var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
            var known = await db.Messages.AnyAsync(m => m.Modem == handle.Name && m.To == message.To && m.SentAt >= monthStart, cancellationToken).ConfigureAwait(false);
            if (!known && await db.Messages.Where(m => m.Modem == handle.Name && m.SentAt >= monthStart).Select(m => m.To).Distinct().CountAsync(cancellationToken).ConfigureAwait(false) >= cap)
            {
                return false;
            }
        }

        return true;
    }

    private async Task<TimeSpan> RateLimitWaitAsync(GatewayDbContext db, ModemHandle handle, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var limits = handle.Limits;
        // The PerMinute-th most recent part in the last minute, if there is one: the window frees when it ages out.
        var minuteAgo = now.AddMinutes(-1);
        var oldestInWindow = await db.Parts.Where(p => p.Modem == handle.Name && p.SubmittedAt > minuteAgo)
            .OrderByDescending(p => p.SubmittedAt).Skip(limits.PerMinute - 1).Select(p => p.SubmittedAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (oldestInWindow is { } edge)
        {
            return edge.AddMinutes(1) - now;
        }

        if (limits.PerHour is { } perHour && await db.Parts.CountAsync(p => p.Modem == handle.Name && p.SubmittedAt > now.AddHours(-1), cancellationToken).ConfigureAwait(false) >= perHour)
        {
            return TimeSpan.FromMinutes(1);
        }

        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        if (await db.Parts.CountAsync(p => p.Modem == handle.Name && p.SubmittedAt >= dayStart, cancellationToken).ConfigureAwait(false) >= limits.DailyLimit)
        {
            return dayStart.AddDays(1) - now;
        }

        return TimeSpan.Zero;
    }

    private async Task SendAsync(GatewayDbContext db, ModemHandle handle, ModemSession session, OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.Priority == MessagePriority.Low && await db.OptOuts.AnyAsync(o => o.Phone == message.To, cancellationToken).ConfigureAwait(false))
        {
            await FinishAsync(db, message, MessageStatus.Cancelled, "OPTED_OUT", "The recipient opted out after the message was accepted.", cancellationToken).ConfigureAwait(false);
            return;
        }

        Publish(message);
        foreach (var part in message.Parts.Where(p => p.Status == PartStatus.Pending).OrderBy(p => p.Sequence).ToList())
        {
            part.Status = PartStatus.Submitting;
            part.Modem = handle.Name;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            var started = time.GetTimestamp();
            try
            {
                var single = new SmsSubmitMessage(message.To, message.Encoding, string.Empty, [new SmsSubmitPart(part.Sequence, message.PartCount, part.Pdu, part.TpduLength, string.Empty, 0)]);
                var result = await session.SendAsync(single, cancellationToken).ConfigureAwait(false);
                part.Status = PartStatus.Submitted;
                part.Reference = result.MessageReferences[0];
                part.SubmittedAt = time.GetUtcNow();
                handle.RecordSuccess(part.SubmittedAt.Value, time.GetElapsedTime(started));
                metrics.PartSent(handle.Name, time.GetElapsedTime(started));
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ModemSendException ex)
            {
                await HandleFailureAsync(db, handle, message, part, ex, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        message.Status = MessageStatus.Sent;
        message.SentAt = time.GetUtcNow();
        message.ErrorCode = null;
        message.ErrorMessage = null;
        await WebhookOutbox.EnqueueAsync(db, WebhookEvents.MessageStatus, StatusPayload(message), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        Publish(message);
        LogSent(logger, message.Id, handle.Name, message.PartCount);
    }

    private async Task HandleFailureAsync(GatewayDbContext db, ModemHandle handle, OutboundMessage message, OutboundPart part, ModemSendException ex, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var anySubmitted = message.Parts.Any(p => p.Status is PartStatus.Submitted or PartStatus.Delivered);
        if (ex.OutcomeUnknown)
        {
            message.NeedsAttention = true;
            await FinishAsync(db, message, MessageStatus.Failed, "UNKNOWN_OUTCOME", "The modem did not confirm a part after it was written: it may have been sent, so it was not sent again.", cancellationToken).ConfigureAwait(false);
            return;
        }

        part.Status = PartStatus.Pending;
        if (ex.Error is not { } error)
        {
            // Disconnected before the PDU went out: not an attempt against the message.
            handle.LastSendError = ex.InnerException?.Message;
            message.Status = MessageStatus.Queued;
            message.Attempts--;
            message.Modem = anySubmitted ? handle.Name : null;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        handle.LastSendError = $"{error.Label}: {error.Meaning}";
        LogSendFailed(logger, message.Id, handle.Name, error.Label, error.Class.ToString());
        switch (error.Class)
        {
            case ModemErrorClass.PermanentForRecipient:
                await FinishAsync(db, message, MessageStatus.Failed, error.Label, error.Meaning, cancellationToken).ConfigureAwait(false);
                return;
            case ModemErrorClass.EncoderBug:
                LogEncoderBug(logger, message.Id, handle.Name, error.Label);
                await FinishAsync(db, message, MessageStatus.Failed, error.Label, error.Meaning, cancellationToken).ConfigureAwait(false);
                return;
            case ModemErrorClass.ModemUnusable:
                handle.Suspended = $"{error.Label}: {error.Meaning}";
                message.Status = MessageStatus.Queued;
                message.Attempts--;
                message.Modem = anySubmitted ? handle.Name : null;
                message.AvoidModem = handle.Name;
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return;
        }

        if (message.Attempts >= tuning.Value.MaxAttempts)
        {
            await FinishAsync(db, message, MessageStatus.Failed, error.Label, $"{error.Meaning} (after {message.Attempts} attempts)", cancellationToken).ConfigureAwait(false);
            return;
        }

        var delays = tuning.Value.RetryDelays;
        var delay = error.Class == ModemErrorClass.RetrySameModem ? tuning.Value.BusyRetryDelay : delays[Math.Min(message.Attempts - 1, delays.Count - 1)];
        message.Status = MessageStatus.Queued;
        message.NextAttemptAt = now + delay + TimeSpan.FromTicks(Random.Shared.NextInt64(Math.Max(1, delay.Ticks / 10)));
        message.ErrorCode = error.Label;
        message.ErrorMessage = error.Meaning;
        message.Modem = anySubmitted ? handle.Name : null;
        message.AvoidModem = error.Class == ModemErrorClass.RetryOtherModem && !anySubmitted ? handle.Name : null;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        Publish(message);
    }

    private async Task FinishAsync(GatewayDbContext db, OutboundMessage message, MessageStatus status, string code, string text, CancellationToken cancellationToken)
    {
        message.Status = status;
        message.ErrorCode = code;
        message.ErrorMessage = text;
        await WebhookOutbox.EnqueueAsync(db, WebhookEvents.MessageStatus, StatusPayload(message), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        Publish(message);
    }

    private void Publish(OutboundMessage message) => bus.Publish(MessageStatusChanged.Of(message));

    internal static object StatusPayload(OutboundMessage message) => new
    {
        id = message.Id,
        to = message.To,
        status = message.Status.ToString().ToLowerInvariant(),
        modem = message.Modem,
        parts = message.PartCount,
        partsSent = message.Parts.Count(p => p.Status is PartStatus.Submitted or PartStatus.Delivered),
        partsDelivered = message.Parts.Count(p => p.Status == PartStatus.Delivered),
        error = message.ErrorCode is null ? null : new { code = message.ErrorCode, message = message.ErrorMessage },
    };

    // Expiry of messages whose validUntil passed while they waited.
    private async Task HousekeepAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
                var now = time.GetUtcNow();
                var expired = await db.Messages.Include(m => m.Parts)
                    .Where(m => (m.Status == MessageStatus.Queued || m.Status == MessageStatus.Scheduled) && m.ValidUntil != null && m.ValidUntil <= now)
                    .OrderBy(m => m.Id).Take(500).ToListAsync(stoppingToken).ConfigureAwait(false);
                foreach (var message in expired)
                {
                    message.Status = MessageStatus.Expired;
                    message.ErrorCode = "EXPIRED";
                    message.ErrorMessage = "validUntil passed before the message could be sent.";
                    await WebhookOutbox.EnqueueAsync(db, WebhookEvents.MessageStatus, StatusPayload(message), now, stoppingToken).ConfigureAwait(false);
                }

                if (expired.Count > 0)
                {
                    await db.SaveChangesAsync(stoppingToken).ConfigureAwait(false);
                    foreach (var message in expired)
                    {
                        Publish(message);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWorkerError(logger, "housekeeping", ex);
            }
        }
    }

    public override void Dispose()
    {
        claimGate.Dispose();
        base.Dispose();
    }

    [LoggerMessage(2100, LogLevel.Information, "Message {MessageId} sent through {Modem} ({Parts} part(s))")]
    private static partial void LogSent(ILogger logger, long messageId, string modem, int parts);

    [LoggerMessage(2101, LogLevel.Warning, "Message {MessageId} failed on {Modem}: {Error} ({Class})")]
    private static partial void LogSendFailed(ILogger logger, long messageId, string modem, string error, string @class);

    [LoggerMessage(2102, LogLevel.Error, "Message {MessageId}: {Modem} rejected our PDU ({Error}): an encoder bug — please report it")]
    private static partial void LogEncoderBug(ILogger logger, long messageId, string modem, string error);

    [LoggerMessage(2103, LogLevel.Error, "Dispatcher worker {Modem} failed; continuing")]
    private static partial void LogWorkerError(ILogger logger, string modem, Exception exception);

    [LoggerMessage(2104, LogLevel.Warning, "Recovered {Count} message(s) interrupted by a stop; {Ambiguous} flagged for the operator (a part may have gone out)")]
    private static partial void LogRecovered(ILogger logger, int count, int ambiguous);
}
