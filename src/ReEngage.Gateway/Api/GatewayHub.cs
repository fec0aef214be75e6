using Microsoft.AspNetCore.SignalR;
using ReEngage.Gateway.Core;

namespace ReEngage.Gateway.Api;

/// <summary>What the dashboard receives.</summary>
public interface IGatewayClient
{
    Task MessageStatus(MessageStatusChanged change);

    Task InboundStored(InboundStored inbound);

    Task ModemsChanged(IReadOnlyList<object> modems);
}

/// <summary>The dashboard's live channel: modem snapshots and message events.</summary>
internal sealed class GatewayHub(Core.Modems.ModemRegistry modems, Core.Fleet.FleetDirectory fleet, Core.Data.GatewayDbContext db, TimeProvider time) : Hub<IGatewayClient>
{
    /// <summary>A new client gets the modems as they are now, not only their next change.</summary>
    public override async Task OnConnectedAsync()
    {
        await base.OnConnectedAsync();
        var snapshot = await ModemsApi.SnapshotAsync(modems, fleet, db, time, Context.ConnectionAborted);
        await Clients.Caller.ModemsChanged([.. snapshot.Cast<object>()]);
    }
}

/// <summary>Reads gateway events and pushes them to hub clients; modem and dispatch code never see SignalR.</summary>
internal sealed partial class HubBroadcaster(GatewayEventBus bus, IHubContext<GatewayHub, IGatewayClient> hub, IServiceScopeFactory scopes, ILogger<HubBroadcaster> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in bus.SubscribeAsync(stoppingToken))
            {
                try
                {
                    switch (item)
                    {
                        case MessageStatusChanged change:
                            await hub.Clients.All.MessageStatus(change);
                            break;
                        case InboundStored inbound:
                            await hub.Clients.All.InboundStored(inbound);
                            break;
                        case ModemChanged:
                        {
                            await using var scope = scopes.CreateAsyncScope();
                            var services = scope.ServiceProvider;
                            var modems = await ModemsApi.SnapshotAsync(
                                services.GetRequiredService<Core.Modems.ModemRegistry>(),
                                services.GetRequiredService<Core.Fleet.FleetDirectory>(),
                                services.GetRequiredService<Core.Data.GatewayDbContext>(),
                                services.GetRequiredService<TimeProvider>(),
                                stoppingToken);
                            await hub.Clients.All.ModemsChanged([.. modems.Cast<object>()]);
                            break;
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogBroadcastFailed(logger, item.GetType().Name, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(3100, LogLevel.Warning, "Broadcasting {Event} failed")]
    private static partial void LogBroadcastFailed(ILogger logger, string @event, Exception exception);
}
