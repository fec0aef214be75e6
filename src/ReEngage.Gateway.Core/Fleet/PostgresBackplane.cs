using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ReEngage.Gateway.Core.Fleet;

/// <summary>
/// Live events across the fleet with PostgreSQL's LISTEN/NOTIFY (no broker to run): what happens on one node —
/// a message's status, an inbound SMS, a modem change — reaches the dashboards and hub clients of every node.
/// Events are best effort, as on one node: webhooks, which must not be lost, go through the database outbox.
/// New work wakes the whole fleet the same way: a pulse of this node's <see cref="Messaging.DispatchSignal"/> becomes a
/// "work" notice, and the others' idle workers look at once instead of at their next poll.
/// </summary>
public sealed partial class PostgresBackplane(
    GatewayEventBus bus,
    Messaging.DispatchSignal signal,
    NodeHeartbeat heartbeat,
    IOptions<GatewayOptions> options,
    ILogger<PostgresBackplane> logger) : BackgroundService
{
    private const string Channel = "reengage_events";

    // NOTIFY payloads are limited to 8000 bytes; a status event is a few hundred.
    private const int MaxPayload = 7900;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string node = options.Value.Node.EffectiveName;
    private readonly ConditionalWeakTable<GatewayEvent, object> fromPeers = [];
    private NpgsqlDataSource? source;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Database.IsPostgres)
        {
            return;
        }

        var builder = new NpgsqlConnectionStringBuilder(options.Value.Database.ConnectionString) { MaxPoolSize = 4, KeepAlive = 5 };
        source = NpgsqlDataSource.Create(builder.ConnectionString);
        try
        {
            await Task.WhenAll(ListenAsync(stoppingToken), ForwardAsync(stoppingToken), ForwardWorkAsync(stoppingToken), ForwardSharedAsync(stoppingToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>This node's events, to the others.</summary>
    private async Task ForwardAsync(CancellationToken cancellationToken)
    {
        await foreach (var item in bus.SubscribeAsync(cancellationToken).ConfigureAwait(false))
        {
            if (fromPeers.TryGetValue(item, out _) || Envelope(item) is not { } payload)
            {
                continue;
            }

            await NotifyAsync(payload, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// This node's pulses, to the others: one notice at a time, and every pulse raised while one is on its way
    /// folded into the next — a burst of single POSTs costs a few notices, not one each.
    /// </summary>
    private async Task ForwardWorkAsync(CancellationToken cancellationToken)
    {
        var work = JsonSerializer.Serialize(new Notice(node, "work", JsonSerializer.SerializeToElement<object?>(null, Json), 0), Json);
        var next = signal.NextLocal;
        while (!cancellationToken.IsCancellationRequested)
        {
            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
            next = signal.NextLocal;
            await NotifyAsync(work, cancellationToken).ConfigureAwait(false); // if it fails, the others find the work at their next poll
        }
    }

    /// <summary>
    /// A single message this node had no idle worker for: each other node wakes one idle worker of its own (folded
    /// like <see cref="ForwardWorkAsync"/>; a node with none idle leaves it to its busy workers' next look).
    /// </summary>
    private async Task ForwardSharedAsync(CancellationToken cancellationToken)
    {
        var one = JsonSerializer.Serialize(new Notice(node, "work-one", JsonSerializer.SerializeToElement<object?>(null, Json), 0), Json);
        var next = signal.NextShared;
        while (!cancellationToken.IsCancellationRequested)
        {
            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
            next = signal.NextShared;
            await NotifyAsync(one, cancellationToken).ConfigureAwait(false);
        }
    }

    // Best effort, like every notice: a failure is logged and the next one tries again.
    private async Task NotifyAsync(string payload, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = source!.CreateCommand("SELECT pg_notify(@channel, @payload)");
            command.Parameters.AddWithValue("channel", Channel);
            command.Parameters.AddWithValue("payload", payload);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            LogNotifyFailed(logger, ex);
        }
    }

    private string? Envelope(GatewayEvent item)
    {
        var version = item is MessageStatusChanged changed ? changed.Version : 0;
        var (type, data) = item switch
        {
            MessageStatusChanged status => ("status", JsonSerializer.SerializeToElement(status, Json)),
            InboundStored inbound => ("inbound", JsonSerializer.SerializeToElement(inbound, Json)),
            SmppAccountDeleted deleted => ("smpp-account-deleted", JsonSerializer.SerializeToElement(deleted, Json)),
            NodeBeat beat => ("node", JsonSerializer.SerializeToElement(beat, Json)),
            _ => (null, default),
        };
        if (type is null)
        {
            return null;
        }

        var payload = JsonSerializer.Serialize(new Notice(node, type, data, version), Json);
        return payload.Length <= MaxPayload ? payload : null;
    }

    /// <summary>The others' events, to this node's live subscribers.</summary>
    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await source!.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                // Whatever was missed while not listening: the fleet as it is now.
                await heartbeat.RefreshAsync(cancellationToken).ConfigureAwait(false);
                while (!cancellationToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or System.IO.IOException)
            {
                LogListenFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Receive(string payload)
    {
        try
        {
            var notice = JsonSerializer.Deserialize<Notice>(payload, Json);
            if (notice is null || notice.Node == node)
            {
                return;
            }

            if (notice.Type == "work")
            {
                signal.PulseFromPeer();
                return;
            }

            if (notice.Type == "work-one")
            {
                signal.WakeOneFromPeer();
                return;
            }

            GatewayEvent? item = notice.Type switch
            {
                "status" => notice.Data.Deserialize<MessageStatusChanged>(Json) is { } status ? status with { Version = notice.Version } : null,
                "inbound" => notice.Data.Deserialize<InboundStored>(Json),
                "smpp-account-deleted" => notice.Data.Deserialize<SmppAccountDeleted>(Json),
                _ => null,
            };
            if (item is not null)
            {
                fromPeers.AddOrUpdate(item, node);
                bus.Publish(item);
            }
            else if (notice.Type == "node")
            {
                // The peer wrote its heartbeat first: re-read the fleet, which publishes the modem change here.
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await heartbeat.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        LogListenFailed(logger, ex);
                    }
                });
            }
        }
        catch (JsonException ex)
        {
            LogBadNotice(logger, ex);
        }
    }

    private sealed record Notice(string Node, string Type, JsonElement Data, int Version);

    [LoggerMessage(6020, LogLevel.Warning, "Could not tell the fleet of a live event; dashboards elsewhere catch up at the next heartbeat")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception);

    [LoggerMessage(6021, LogLevel.Warning, "Listening to the fleet's live events failed; reconnecting")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);

    [LoggerMessage(6022, LogLevel.Warning, "A fleet event could not be read")]
    private static partial void LogBadNotice(ILogger logger, Exception exception);
}
