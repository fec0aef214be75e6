using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// The one place a recorded state change becomes visible: before the save, each domain event the tracked
/// entities recorded becomes its webhook rows (in the same transaction as the change, so a crash can
/// neither lose an event nor report a change that was rolled back); after the commit, it is published to
/// the live event bus and wakes the dispatcher when work became due. Whatever path changed the message —
/// the API, a campaign, expiry, a report, recovery — the same transition gives the same payload.
/// </summary>
public sealed class DomainEventInterceptor(GatewayEventBus bus, DispatchSignal signal, TimeProvider time, IEnumerable<IInboundForwarder> forwarders) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<Published>> pending = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is GatewayDbContext db)
        {
            await CollectAsync(db, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is GatewayDbContext db)
        {
            CollectAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        AfterSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        AfterSave(eventData.Context);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData?.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData?.Context);
        return Task.CompletedTask;
    }

    // A save that lost a concurrency race (reported here, not through SaveChangesFailed) wrote nothing:
    // its events are dropped, and the retry records its own.
    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        Discard(eventData?.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Discard(eventData?.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>Publishes what the context saved inside an explicit transaction, once it committed.</summary>
    public void PublishCommitted(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!pending.TryGetValue(context, out var list))
        {
            return;
        }

        pending.Remove(context);
        var wake = false;
        foreach (var item in list)
        {
            bus.Publish(item.Live);
            wake |= item.WakesDispatcher;
        }

        if (wake)
        {
            signal.Pulse();
        }
    }

    /// <summary>Forgets what a rolled-back transaction recorded.</summary>
    public void Discard(DbContext? context)
    {
        if (context is not null)
        {
            pending.Remove(context);
        }
    }

    private async Task CollectAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        List<DomainEvent>? events = null;
        foreach (var entry in db.ChangeTracker.Entries<IHasDomainEvents>())
        {
            var taken = entry.Entity.TakeEvents();
            if (taken.Count > 0)
            {
                (events ??= []).AddRange(taken);
            }
        }

        if (events is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var list = pending.GetOrCreateValue(db);
        // Read the receivers once per save, and not at all for a save that only shows progress.
        var webhooks = events.TrueForAll(e => e is MessageProgressed) ? null : await WebhookOutbox.OpenAsync(db, cancellationToken).ConfigureAwait(false);
        foreach (var item in events)
        {
            switch (item)
            {
                case MessageTransitioned transitioned:
                {
                    // Two moves in one save (sent, then delivered by reports that came early) are two events,
                    // each with the state it announces.
                    var view = MessageStatusChanged.Of(transitioned.Message) is var current && current.Status == Name(transitioned.To)
                        ? current
                        : current with { Status = Name(transitioned.To), Error = transitioned.To == MessageStatus.Sent ? null : current.Error };
                    if (MessageTransitions.IsNotified(transitioned.To))
                    {
                        webhooks!.Add(WebhookEvents.MessageStatus, view, now, WebhookOutbox.MessageKey(view.Id));
                    }

                    // A receipt owed to an SMPP client is a row of this same save, like the webhook: sent when the account is bound.
                    if (SmppReceipt.For(transitioned.Message, transitioned.To, now) is { } receipt)
                    {
                        db.SmppReceipts.Add(receipt);
                    }

                    list.Add(new Published(view, transitioned.To == MessageStatus.Queued));
                    break;
                }

                case MessageReportOverdue overdue:
                {
                    var view = MessageStatusChanged.Of(overdue.Message);
                    webhooks!.Add(WebhookEvents.MessageStatus, view, now, WebhookOutbox.MessageKey(view.Id));
                    list.Add(new Published(view, false));
                    break;
                }

                case MessageProgressed progressed:
                    list.Add(new Published(MessageStatusChanged.Of(progressed.Message), false));
                    break;
                case InboundArrived arrived:
                {
                    var inbound = arrived.Message;
                    webhooks!.Add(WebhookEvents.MessageInbound, InboundMessagePayload.Of(inbound), now);
                    foreach (var forwarder in forwarders)
                    {
                        await forwarder.ForwardAsync(db, inbound, cancellationToken).ConfigureAwait(false);
                    }

                    list.Add(new Published(new InboundStored(inbound.Id, inbound.From, inbound.Modem, inbound.ReceivedAt), false));
                    break;
                }

                case ContactStatusChanged changed:
                    ContactAnnouncements.StatusChanged(webhooks!, db, changed, now);
                    break;
                case OptOutRecorded recorded:
                    await ContactAnnouncements.OptedOutAsync(webhooks!, db, recorded, now, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static string Name(MessageStatus status) => status.ToString().ToLowerInvariant();

    private void AfterSave(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            PublishCommitted(context);
        }
    }

    private sealed record Published(GatewayEvent Live, bool WakesDispatcher);
}
