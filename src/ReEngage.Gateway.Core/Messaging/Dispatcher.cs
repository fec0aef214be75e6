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
/// <remarks>
/// The modem is the bottleneck, so the worker keeps its own time out of the modem's way: pacing is decided from
/// the modem's submits in memory (<see cref="SubmitPace"/>), and while the current message's last part is in
/// flight the next message is already claimed — when more is due than the fleet has ready modems, so an idle
/// modem never waits for a busy one's next claim.
/// </remarks>
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
        ClaimedWork? next = null;
        var seeded = false;
        var idle = signal.Join(handle.Name);
        var wokenAlone = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    // Taken before looking for work, so a pulse while it looks is not lost (DispatchSignal).
                    var woken = signal.Next;
                    if (!handle.CanSend)
                    {
                        signal.Disarm(idle);
                        next = await ReleaseAsync(next, stoppingToken).ConfigureAwait(false);
                        await DispatchSignal.WaitAsync(woken, tuning.Value.IdlePoll, time, stoppingToken).ConfigureAwait(false);
                        continue;
                    }

                    if (!seeded)
                    {
                        await SeedPaceAsync(handle, stoppingToken).ConfigureAwait(false);
                        seeded = true;
                    }

                    var now = time.GetUtcNow();
                    var wait = PacingPolicy.Wait(handle.Limits, handle.Pace.Window(handle.Limits, now), now);
                    if (wait > TimeSpan.Zero)
                    {
                        signal.Disarm(idle);
                        if (wait > TimeSpan.FromSeconds(1))
                        {
                            // The SIM must pause (its hourly or daily limit): a message claimed ahead goes back, for
                            // another modem, instead of waiting here on a lease nobody renews.
                            next = await ReleaseAsync(next, stoppingToken).ConfigureAwait(false);
                        }

                        await Task.Delay(wait < TimeSpan.FromSeconds(5) ? wait : TimeSpan.FromSeconds(5), time, stoppingToken).ConfigureAwait(false);
                        continue;
                    }

                    var single = next is null ? DispatchSignal.Arm(idle) : Task.CompletedTask;
                    var (work, look, lookedAt) = next is null ? await ClaimAsync(handle, stoppingToken).ConfigureAwait(false) : (next, ClaimLook.Won, now);
                    next = null;
                    if (work is null)
                    {
                        if (wokenAlone && look == ClaimLook.Refused)
                        {
                            // Woken alone for a message this modem may not take (another SIM's): every worker looks.
                            signal.Pulse();
                        }

                        await DispatchSignal.WaitAsync(Task.WhenAny(woken, single), await IdleWaitAsync(handle, lookedAt, stoppingToken).ConfigureAwait(false), time, stoppingToken).ConfigureAwait(false);
                        wokenAlone = single.IsCompleted && !woken.IsCompleted;
                        continue;
                    }

                    wokenAlone = false;
                    signal.Disarm(idle);
                    if (!handle.CanSend)
                    {
                        // Paused (or suspended) while it was claiming: an operator's pause holds from the moment it
                        // is pressed, so the message goes back to the queue rather than through this modem.
                        await ReleaseAsync(work, stoppingToken).ConfigureAwait(false);
                        continue;
                    }

                    await using (work.ConfigureAwait(false))
                    {
                        next = await SendAsync(handle, work, stoppingToken).ConfigureAwait(false);
                    }

                    var partTime = handle.SecondsPerPart is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
                    var jitter = PacingPolicy.Jitter(handle.Limits.PerMinute, tuning.Value.MaxJitter, Random.Shared.NextDouble(), partTime);
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
                    signal.Disarm(idle);
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            signal.Disarm(idle);

            // Stopping with a message claimed ahead: it goes back to the queue now, not when its lease runs out.
            await ReleaseAsync(next, CancellationToken.None).ConfigureAwait(false);
        }
    }

    // Sends one claimed message; when more is waiting, claims the next one while this one's last part is in flight.
    private async Task<ClaimedWork?> SendAsync(ModemHandle handle, ClaimedWork work, CancellationToken stoppingToken)
    {
        var lastPartInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ahead = work.MoreWaiting ? ClaimAheadAsync(handle, lastPartInFlight.Task, stoppingToken) : Task.FromResult<ClaimedWork?>(null);
        try
        {
            await transmitter.SendAsync(work.Db, handle, work.Message, claimer.Node, lastPartInFlight, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever broke, the claim is released now by the same rule as an expired lease,
            // rather than leaving the message waiting for its lease to run out.
            LogSendCrashed(logger, work.Message.Id, handle.Name, ex);
            await ReleaseAsync(work.Message.Id, sendStarted: true, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            lastPartInFlight.TrySetResult();
        }

        return await ahead.ConfigureAwait(false);
    }

    private async Task<ClaimedWork?> ClaimAheadAsync(ModemHandle handle, Task lastPartInFlight, CancellationToken stoppingToken)
    {
        await lastPartInFlight.ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (!handle.CanSend || PacingPolicy.Wait(handle.Limits, handle.Pace.Window(handle.Limits, now, assumed: 1), now) > TimeSpan.Zero)
        {
            return null;
        }

        try
        {
            return (await ClaimAsync(handle, stoppingToken).ConfigureAwait(false)).Work;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWorkerError(logger, handle.Name, ex);
            return null;
        }
    }

    private async Task<(ClaimedWork? Work, ClaimLook Look, DateTimeOffset At)> ClaimAsync(ModemHandle handle, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            var (claim, look, at) = await claimer.LookAsync(db, handle, cancellationToken).ConfigureAwait(false);
            if (claim is not null)
            {
                return (new ClaimedWork(scope, db, claim), look, at);
            }

            await scope.DisposeAsync().ConfigureAwait(false);
            return (null, look, at);
        }
        catch
        {
            await scope.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<ClaimedWork?> ReleaseAsync(ClaimedWork? work, CancellationToken cancellationToken)
    {
        if (work is not null)
        {
            await using (work.ConfigureAwait(false))
            {
                await ReleaseAsync(work.Message.Id, sendStarted: false, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    // The modem's submits of the last hour and today, read once when its worker starts; SubmitPace keeps them since.
    private async Task SeedPaceAsync(ModemHandle handle, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var now = time.GetUtcNow();
        var name = handle.Name;
        var minuteAgo = now.AddMinutes(-1);
        var hourAgo = now.AddHours(-1);
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var minute = await db.Parts.Where(p => p.Modem == name && p.SubmittedAt > minuteAgo)
            .OrderByDescending(p => p.SubmittedAt).Take(handle.Limits.PerMinute).Select(p => p.SubmittedAt!.Value).ToListAsync(cancellationToken).ConfigureAwait(false);
        var hour = await db.Parts.Where(p => p.Modem == name && p.SubmittedAt > hourAgo).Select(p => p.SubmittedAt!.Value).ToListAsync(cancellationToken).ConfigureAwait(false);
        var today = await db.Parts.CountAsync(p => p.Modem == name && p.SubmittedAt >= dayStart, cancellationToken).ConfigureAwait(false);
        handle.Pace.Seed(minute, hour, today, now);
    }

    // Nothing to take now: sleep until a pulse (new work), the next scheduled send or retry this modem may
    // take, or the idle poll — the poll stays as the safety net for what no pulse announces (a message that
    // became claimable by routing, a lease another node let run out). A send time that passed since the look
    // means look again at once.
    private async Task<TimeSpan> IdleWaitAsync(ModemHandle handle, DateTimeOffset lookedAt, CancellationToken cancellationToken)
    {
        var poll = tuning.Value.IdlePoll;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        if (await MessageClaimer.NextDueAsync(db, handle, lookedAt, cancellationToken).ConfigureAwait(false) is not { } due)
        {
            return poll;
        }

        var until = due - time.GetUtcNow() + TimeSpan.FromMilliseconds(1);
        return until <= TimeSpan.Zero ? TimeSpan.Zero : until < poll ? until : poll;
    }

    // A claim whose send started is released by the rule of an expired lease (an attempt spent, a part caught
    // submitting flagged); one claimed ahead or while a pause was pressed goes back untouched.
    private async Task ReleaseAsync(long id, bool sendStarted, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        if (await db.Messages.Include(m => m.Parts).FirstOrDefaultAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false) is { } message)
        {
            await MessageChanges.SaveAsync(db, message, m => m.Status == MessageStatus.Sending && m.ClaimedBy == claimer.Node && Release(m, sendStarted), cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool Release(OutboundMessage message, bool sendStarted)
    {
        if (sendStarted || message.Parts.Exists(p => p.Status == PartStatus.Submitting))
        {
            message.ResolveExpiredLease();
        }
        else
        {
            message.Requeue(null, null, null, null, countsAsAttempt: false);
        }

        return true;
    }

    [LoggerMessage(2107, LogLevel.Error, "Message {MessageId}: sending through {Modem} failed unexpectedly; its claim is released")]
    private static partial void LogSendCrashed(ILogger logger, long messageId, string modem, Exception exception);

    [LoggerMessage(2103, LogLevel.Error, "Dispatcher worker {Modem} failed; continuing")]
    private static partial void LogWorkerError(ILogger logger, string modem, Exception exception);
}
