using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// A claimed message with the database context that claimed it and will save its sending: a message claimed
/// while the previous one's last part is in flight lives in its own scope until it has been sent.
/// </summary>
internal sealed class ClaimedWork(AsyncServiceScope scope, GatewayDbContext db, ClaimedMessage claim) : IAsyncDisposable
{
    public GatewayDbContext Db { get; } = db;

    public OutboundMessage Message => claim.Message;

    public bool MoreWaiting => claim.MoreWaiting;

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
