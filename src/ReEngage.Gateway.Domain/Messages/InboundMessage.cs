namespace ReEngage.Gateway.Core.Messaging;

/// <summary>An inbound SMS, stored whole.</summary>
public sealed class InboundMessage : IHasDomainEvents
{
    private readonly List<DomainEvent> events = [];

    public long Id { get; set; }

    public required string From { get; set; }

    public required string Text { get; set; }

    public required string Modem { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>False when parts were missing at the reassembly timeout.</summary>
    public bool Complete { get; set; } = true;

    /// <summary>"stop", "start", "help" when the text was a keyword.</summary>
    public string? Keyword { get; set; }

    /// <summary>Sender, SMSC time stamp, concatenation and text, hashed: the same SMS delivered again matches it.</summary>
    public string? Fingerprint { get; set; }

    /// <summary>Announces the message (webhook, live view) with the next save; call once its id is known.</summary>
    public void Announce() => events.Add(new InboundArrived(this));

    IReadOnlyList<DomainEvent> IHasDomainEvents.TakeEvents()
    {
        var taken = events.ToArray();
        events.Clear();
        return taken;
    }
}

/// <summary>A number that must not receive marketing SMS. Kept even when the contact is erased.</summary>
public sealed class OptOut : IHasDomainEvents
{
    private readonly List<DomainEvent> events = [];

    public required string Phone { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Source { get; set; }

    /// <summary>A new opt-out, announced (<c>contact.optout</c>) with the save that stores it.</summary>
    public static OptOut Record(string phone, string source, DateTimeOffset at, string? modem = null)
    {
        var optOut = new OptOut { Phone = phone, Source = source, At = at };
        optOut.events.Add(new OptOutRecorded(optOut, modem));
        return optOut;
    }

    IReadOnlyList<DomainEvent> IHasDomainEvents.TakeEvents()
    {
        var taken = events.ToArray();
        events.Clear();
        return taken;
    }
}
