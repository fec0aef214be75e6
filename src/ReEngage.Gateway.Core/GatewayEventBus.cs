using System.Threading.Channels;

namespace ReEngage.Gateway.Core;

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
