namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// An inbound SMS owed to an SMPP account (a mobile-originated deliver_sm): written in the same save as the
/// inbound message itself, so a crash can neither lose it nor forward an SMS that was rolled back; deleted once a
/// bind of the account acknowledged its deliver_sm. Kept while no receiver is bound, like <see cref="SmppReceipt"/>.
/// </summary>
public sealed class SmppInbound : ISmppDelivery
{
    public long Id { get; set; }

    /// <summary>The stored inbound message.</summary>
    public long InboundId { get; set; }

    public required string SystemId { get; set; }

    /// <summary>The sender: the deliver_sm's source_addr.</summary>
    public required string From { get; set; }

    /// <summary>What the route names (the SIM's number, the keyword's short code): the deliver_sm's destination_addr.</summary>
    public required string To { get; set; }

    /// <summary>The whole text (the deliver_sm carries it as one short_message or in message_payload).</summary>
    public required string Text { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset? LeasedUntil { get; set; }

    public string? LeaseToken { get; set; }
}

/// <summary>
/// A row the SMPP server owes a bind (a receipt, an inbound SMS). Sending one is a claim: a lease (<see cref="LeasedUntil"/>,
/// <see cref="LeaseToken"/>) taken with a conditional UPDATE, so of several nodes on one database only one sends it;
/// a lease that ran out (its node died, its client never answered) makes the row sendable again.
/// </summary>
public interface ISmppDelivery
{
    long Id { get; }

    string SystemId { get; }

    DateTimeOffset? LeasedUntil { get; set; }

    string? LeaseToken { get; set; }
}
