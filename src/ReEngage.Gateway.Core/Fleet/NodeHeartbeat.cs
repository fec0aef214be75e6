using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Core.Fleet;

/// <summary>
/// The node's heartbeat: writes its <c>nodes</c> row (last seen, its modems) every beat and at once when a modem
/// changes, re-reads the fleet into <see cref="FleetDirectory"/>, and — on the leader — takes over the claims of
/// nodes that stopped beating (the nodes' watchdog).
/// </summary>
public sealed partial class NodeHeartbeat(
    IServiceScopeFactory scopes,
    ModemRegistry registry,
    FleetDirectory directory,
    FleetLeadership leadership,
    LeaseRecovery recovery,
    GatewayEventBus bus,
    DispatchSignal signal,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<NodeHeartbeat> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string Version = typeof(NodeHeartbeat).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";
    private readonly NodeOptions node = options.Value.Node;
    private readonly DispatchSignal wake = new();
    private volatile bool localChange;
    private readonly DateTimeOffset started = time.GetUtcNow();

    /// <summary>Writes the first heartbeat before the dispatcher starts, so the fleet knows this node's modems.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await BeatAsync(announce: false, cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Re-reads the fleet now (another node announced a change).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        await ReadFleetAsync(db, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watch = Task.Run(() => WatchLocalModemsAsync(stoppingToken), stoppingToken);
        var next = wake.Next;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchSignal.WaitAsync(next, node.EffectiveHeartbeat, time, stoppingToken).ConfigureAwait(false);
                next = wake.Next;
                var woken = localChange;
                localChange = false;
                if (woken)
                {
                    // Let a burst of modem changes settle into one beat.
                    await Task.Delay(TimeSpan.FromMilliseconds(200), time, stoppingToken).ConfigureAwait(false);
                }

                await BeatAsync(announce: woken, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogBeatFailed(logger, node.EffectiveName, ex);
            }
        }

        await watch.ConfigureAwait(false);
    }

    private async Task WatchLocalModemsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in bus.SubscribeAsync(cancellationToken).ConfigureAwait(false))
            {
                if (item is ModemChanged changed && registry.Find(changed.Name) is not null)
                {
                    localChange = true;
                    wake.Pulse();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task BeatAsync(bool announce, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var now = time.GetUtcNow();
        var name = node.EffectiveName;
        var row = await db.Nodes.FirstOrDefaultAsync(n => n.Name == name, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new GatewayNode { Name = name };
            db.Nodes.Add(row);
        }

        row.Url = node.Url;
        row.Version = Version;
        row.StartedAt = started;
        row.LastSeenAt = now;
        row.Modems = JsonSerializer.Serialize(registry.Handles.Select(Snapshot).ToList(), Json);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();

        await ReadFleetAsync(db, cancellationToken).ConfigureAwait(false);
        if (announce)
        {
            bus.Publish(new NodeBeat(name));
        }

        if (leadership.IsLeader)
        {
            await TakeOverDeadNodesAsync(db, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReadFleetAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = await db.Nodes.AsNoTracking().OrderBy(n => n.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
        var fleet = rows.Select(r => new FleetNode(
            r.Name,
            r.Url,
            now - r.LastSeenAt > node.DeadAfter ? FleetNodeState.Dead : FleetNodeState.Alive,
            r.LastSeenAt,
            r.StartedAt,
            r.Version,
            JsonSerializer.Deserialize<List<NodeModem>>(r.Modems, Json) ?? [],
            r.Name == node.EffectiveName)).ToList();
        if (directory.Update(fleet))
        {
            // The dashboards' modem lists include the fleet's; a remote modem that became ready may take work.
            bus.Publish(new ModemChanged(FleetModemsChanged));
            signal.Pulse();
        }
    }

    /// <summary>The name a ModemChanged event carries when the change is elsewhere in the fleet.</summary>
    public const string FleetModemsChanged = "*fleet";

    private async Task TakeOverDeadNodesAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        foreach (var dead in directory.Nodes.Where(n => n.State == FleetNodeState.Dead && !n.IsLocal))
        {
            var deadName = dead.Name;
            if (!await db.Messages.AnyAsync(m => m.Status == MessageStatus.Sending && m.ClaimedBy == deadName, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var taken = await recovery.RecoverAsync(db, deadName, cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            LogTakenOver(logger, deadName, taken, node.DeadAfter.TotalSeconds);
            signal.Pulse();
        }
    }

    private static NodeModem Snapshot(ModemHandle h)
    {
        var health = h.Health;
        return new NodeModem(
            h.Name,
            h.Device,
            h.State,
            h.CanSend,
            health?.SignalDbm,
            health?.SignalBars ?? 0,
            health?.Operator,
            (health?.Registration ?? Modem.RegistrationState.Unknown).ToString().ToLowerInvariant(),
            h.Limits.DailyLimit,
            h.Paused,
            h.LastError,
            h.LastSuccessAt,
            h.SecondsPerPart ?? 0);
    }

    [LoggerMessage(6010, LogLevel.Warning, "Node {Node} could not write its heartbeat; retrying at the next beat")]
    private static partial void LogBeatFailed(ILogger logger, string node, Exception exception);

    [LoggerMessage(6011, LogLevel.Warning, "Node {DeadNode} missed its heartbeats for {Seconds} s: took over {Count} of its claim(s)")]
    private static partial void LogTakenOver(ILogger logger, string deadNode, int count, double seconds);
}
