using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Something beyond webhooks that a stored inbound SMS is owed to (the SMPP server's accounts): called while the
/// save that announces the message is being made, so what it adds to the context commits with the message or
/// not at all.
/// </summary>
public interface IInboundForwarder
{
    /// <summary>Adds the rows the message is owed as, if any, to the save in progress.</summary>
    ValueTask ForwardAsync(GatewayDbContext db, InboundMessage message, CancellationToken cancellationToken);
}
