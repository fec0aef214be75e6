using System.Threading.Channels;

namespace ReEngage.Gateway.Core;

/// <summary>Something that happened, for live views (SignalR). Webhooks use the database outbox instead.</summary>
public abstract record GatewayEvent;

/// <summary>
/// A message changed (state or parts). The one shape of a message's status: the hub sends it as it is and
/// a <c>message.status</c> webhook carries it as its <c>data</c>, so both always agree.
/// </summary>
public sealed record MessageStatusChanged(
    long Id,
    string To,
    string Status,
    string? Modem,
    int Parts,
    int PartsSent,
    int PartsDelivered,
    MessageError? Error,
    bool NeedsAttention,
    bool ReportOverdue,
    string? Source) : GatewayEvent
{
    /// <summary>The error code alone (the dashboard's lists show it).</summary>
    public string? ErrorCode => Error?.Code;

    /// <summary>
    /// The message's row version this state was saved with: live subscribers drop a state older than one they
    /// already had (two saves of one message commit in order but may be announced out of order). Not part of
    /// the payload.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Version { get; init; }

    /// <summary>The event for a message as it is now.</summary>
    public static MessageStatusChanged Of(Messaging.OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(
            message.Id,
            message.To,
            message.Status.ToString().ToLowerInvariant(),
            message.Modem,
            message.PartCount,
            message.Parts.Count(p => p.Status is Messaging.PartStatus.Submitted or Messaging.PartStatus.Delivered or Messaging.PartStatus.Failed),
            message.Parts.Count(p => p.Status == Messaging.PartStatus.Delivered),
            message.ErrorCode is null ? null : new MessageError(message.ErrorCode, message.ErrorMessage),
            message.NeedsAttention,
            message.ReportOverdue && message.Status == Messaging.MessageStatus.Sent,
            message.Source)
        {
            Version = message.Version,
        };
    }
}

/// <summary>Why a message failed, expired or was cancelled.</summary>
public sealed record MessageError(string Code, string? Message);

/// <summary>An inbound SMS was stored.</summary>
public sealed record InboundStored(long Id, string From, string Modem, DateTimeOffset ReceivedAt) : GatewayEvent;

/// <summary>A modem's snapshot changed.</summary>
public sealed record ModemChanged(string Name) : GatewayEvent;

/// <summary>
/// Fan-out of gateway events to live subscribers. Publishing never blocks and never fails: a slow
/// subscriber loses its oldest events rather than slowing down sending.
/// </summary>
public sealed class GatewayEventBus
{
    private const int RememberedMessages = 50_000;
    private readonly Lock gate = new();
    private readonly List<Channel<GatewayEvent>> subscribers = [];
    private readonly Dictionary<long, int> versions = [];

    public void Publish(GatewayEvent item)
    {
        lock (gate)
        {
            // A state announced after a newer one of the same message (another thread's or node's save that
            // committed later but announced first) would leave viewers on a stale state: drop it.
            if (item is MessageStatusChanged { Version: > 0 } status)
            {
                if (versions.TryGetValue(status.Id, out var newest) && newest > status.Version)
                {
                    return;
                }

                if (versions.Count >= RememberedMessages)
                {
                    versions.Clear();
                }

                versions[status.Id] = status.Version;
            }

            foreach (var subscriber in subscribers)
            {
                subscriber.Writer.TryWrite(item);
            }
        }
    }

    /// <summary>Subscribes until the token is cancelled.</summary>
    public async IAsyncEnumerable<GatewayEvent> SubscribeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<GatewayEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (gate)
        {
            subscribers.Add(channel);
        }

        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            lock (gate)
            {
                subscribers.Remove(channel);
            }
        }
    }
}
