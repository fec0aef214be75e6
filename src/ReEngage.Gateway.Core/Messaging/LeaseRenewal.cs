using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Keeps a claim alive while a part is in flight (AT+CMGS may take a minute on a poor network): every third of
/// the lease it moves the expiry on, in its own context and without touching the message's version — a
/// renewal is not a state change and must not collide with one.
/// </summary>
internal sealed class LeaseRenewal : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public LeaseRenewal(IServiceScopeFactory scopes, long messageId, string node, TimeSpan lease, TimeProvider time)
    {
        loop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(lease / 3, time, stop.Token).ConfigureAwait(false);
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
                    var until = time.GetUtcNow() + lease;
                    await db.Messages.Where(m => m.Id == messageId && m.ClaimedBy == node && m.Status == MessageStatus.Sending)
                        .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseUntil, until), stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // The send finished.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A renewal that fails leaves the lease to run out: recovery then decides, as for a dead node.
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        stop.Dispose();
    }
}
