namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Something an entity recorded while it changed. The context's save turns each into its webhook rows in
/// the same transaction, and publishes it live after the commit (<c>DomainEventInterceptor</c>, in the persistence layer).
/// </summary>
public abstract record DomainEvent;

/// <summary>A message moved from one state to another.</summary>
public sealed record MessageTransitioned(OutboundMessage Message, MessageStatus From, MessageStatus To) : DomainEvent;

/// <summary>A part changed (submitted, delivered, failed) without the message changing state.</summary>
public sealed record MessageProgressed(OutboundMessage Message) : DomainEvent;

/// <summary>A sent message's status report did not come in time (<see cref="ReportOverduePolicy"/>).</summary>
public sealed record MessageReportOverdue(OutboundMessage Message) : DomainEvent;

/// <summary>An inbound SMS was stored.</summary>
public sealed record InboundArrived(InboundMessage Message) : DomainEvent;

/// <summary>A contact moved between lists (<see cref="Marketing.ContactTransitions"/>).</summary>
public sealed record ContactStatusChanged(Marketing.Contact Contact, Marketing.ContactStatus From, Marketing.ContactStatus To, Marketing.ContactChangeBy By, string Reason) : DomainEvent;

/// <summary>A number was put on the do-not-message list (STOP, the business, an import).</summary>
public sealed record OptOutRecorded(OptOut OptOut, string? Modem) : DomainEvent;

/// <summary>An entity that records domain events for the next save.</summary>
public interface IHasDomainEvents
{
    /// <summary>The events recorded since the last call, which clears them.</summary>
    IReadOnlyList<DomainEvent> TakeEvents();
}
