using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging.Policies;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Sends the outbox through the modems: one worker per modem asks <see cref="PacingPolicy"/> whether its SIM
/// may send, claims the next message it may take (<see cref="MessageClaimer"/>) and hands it to the
/// <see cref="MessageTransmitter"/> — so the least-loaded modem naturally takes the next message, and one bad
/// number or one dead modem never blocks the rest. Crash recovery is the expiry of leases (<see cref="LeaseRecovery"/>).
/// </summary>
public sealed partial class Dispatcher(
    ModemRegistry registry,
    IServiceScopeFactory scopes,
    DispatchSignal signal,
    MessageClaimer claimer,
    MessageTransmitter transmitter,
    IOptions<DispatcherOptions> tuning,
    TimeProvider time,
    ILogger<Dispatcher> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(registry.Handles.Select(handle => Task.Run(() => WorkAsync(handle, stoppingToken), CancellationToken.None)));

    private async Task WorkAsync(ModemHandle handle, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var next = signal.Next;
                if (!handle.CanSend)
                {
                    await DispatchSignal.WaitAsync(next, tuning.Value.IdlePoll, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
                var wait = PacingPolicy.Wait(handle.Limits, await PacingWindowAsync(db, handle, stoppingToken).ConfigureAwait(false), time.GetUtcNow());
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait < TimeSpan.FromSeconds(5) ? wait : TimeSpan.FromSeconds(5), time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var message = await claimer.ClaimAsync(db, handle, stoppingToken).ConfigureAwait(false);
                if (message is null)
                {
                    await DispatchSignal.WaitAsync(next, await IdleWaitAsync(db, handle, stoppingToken).ConfigureAwait(false), time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                try
                {
                    await transmitter.SendAsync(db, handle, message, claimer.Node, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Whatever broke, the claim is released now by the same rule as an expired lease,
                    // rather than leaving the message waiting for its lease to run out.
                    LogSendCrashed(logger, message.Id, handle.Name, ex);
                    await ReleaseAsync(message.Id, stoppingToken).ConfigureAwait(false);
                }
                var jitter = PacingPolicy.Jitter(handle.Limits.PerMinute, tuning.Value.MaxJitter, Random.Shared.NextDouble());
                if (jitter > TimeSpan.Zero)
                {
                    await Task.Delay(jitter, time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A worker must outlive anything one message or one modem does to it; a claim it leaves behind
                // runs out and recovery decides.
                LogWorkerError(logger, handle.Name, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    // Nothing to take now: sleep until a pulse (new work), the next scheduled send or retry this modem may
    // take, or the idle poll — the poll stays as the safety net for what no pulse announces (a message that
    // became claimable by routing, a lease another node let run out).
    private async Task<TimeSpan> IdleWaitAsync(GatewayDbContext db, ModemHandle handle, CancellationToken cancellationToken)
    {
        var poll = tuning.Value.IdlePoll;
        if (await claimer.NextDueAsync(db, handle, cancellationToken).ConfigureAwait(false) is not { } due)
        {
            return poll;
        }

        var until = due - time.GetUtcNow() + TimeSpan.FromMilliseconds(1);
        return until > TimeSpan.Zero && until < poll ? until : poll;
    }

    private async Task ReleaseAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        if (await db.Messages.Include(m => m.Parts).FirstOrDefaultAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false) is { } message)
        {
            await MessageChanges.SaveAsync(db, message, m => m.Status == MessageStatus.Sending && m.ClaimedBy == claimer.Node && Release(m), cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool Release(OutboundMessage message)
    {
        message.ResolveExpiredLease();
        return true;
    }

    private async Task<PacingWindow> PacingWindowAsync(GatewayDbContext db, ModemHandle handle, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var name = handle.Name;
        var limits = handle.Limits;
        var minuteAgo = now.AddMinutes(-1);
        var nth = await db.Parts.Where(p => p.Modem == name && p.SubmittedAt > minuteAgo)
            .OrderByDescending(p => p.SubmittedAt).Skip(limits.PerMinute - 1).Select(p => p.SubmittedAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (nth is not null)
        {
            return new PacingWindow(nth, 0, 0);
        }

        var hourAgo = now.AddHours(-1);
        var lastHour = limits.PerHour is null ? 0 : await db.Parts.CountAsync(p => p.Modem == name && p.SubmittedAt > hourAgo, cancellationToken).ConfigureAwait(false);
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var today = await db.Parts.CountAsync(p => p.Modem == name && p.SubmittedAt >= dayStart, cancellationToken).ConfigureAwait(false);
        return new PacingWindow(null, lastHour, today);
    }

    [LoggerMessage(2107, LogLevel.Error, "Message {MessageId}: sending through {Modem} failed unexpectedly; its claim is released")]
    private static partial void LogSendCrashed(ILogger logger, long messageId, string modem, Exception exception);

    [LoggerMessage(2103, LogLevel.Error, "Dispatcher worker {Modem} failed; continuing")]
    private static partial void LogWorkerError(ILogger logger, string modem, Exception exception);
}
