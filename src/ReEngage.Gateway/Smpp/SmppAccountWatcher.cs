using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// Closes this node's binds of an SMPP account deleted on another node of the fleet (the event comes over the
/// backplane). The node that answered the DELETE has closed its own already; closing none twice is harmless.
/// </summary>
internal sealed class SmppAccountWatcher(IOptions<SmppOptions> options, GatewayEventBus bus, SmppBinds binds) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            await foreach (var item in bus.SubscribeAsync(stoppingToken).ConfigureAwait(false))
            {
                if (item is SmppAccountDeleted deleted)
                {
                    await binds.CloseAccountAsync(deleted.SystemId, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
