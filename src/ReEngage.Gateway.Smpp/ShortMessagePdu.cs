namespace ReEngage.Gateway.Smpp;

/// <summary>submit_sm (§4.4.1) or deliver_sm (§4.6.1): the two share one body layout.</summary>
public sealed record ShortMessagePdu : Pdu
{
    /// <summary>Creates a submit_sm (<paramref name="deliver"/> false) or a deliver_sm.</summary>
    public ShortMessagePdu(bool deliver = false) => IsDeliver = deliver;

    /// <summary>True for deliver_sm.</summary>
    public bool IsDeliver { get; init; }

    public override uint CommandId => IsDeliver ? SmppCommand.DeliverSm : SmppCommand.SubmitSm;

    public string ServiceType { get; init; } = "";

    public byte SourceTon { get; init; }

    public byte SourceNpi { get; init; }

    public string SourceAddress { get; init; } = "";

    public byte DestinationTon { get; init; }

    public byte DestinationNpi { get; init; }

    public string DestinationAddress { get; init; } = "";

    /// <summary>esm_class: bit 6 (0x40) = the short message starts with a UDH; 0x04 on deliver_sm = a delivery receipt.</summary>
    public byte EsmClass { get; init; }

    public byte ProtocolId { get; init; }

    public byte PriorityFlag { get; init; }

    /// <summary>Empty for "now", else an SMPP time (<see cref="SmppTime"/>).</summary>
    public string ScheduleDeliveryTime { get; init; } = "";

    /// <summary>Empty for the SMSC's default, else an SMPP time.</summary>
    public string ValidityPeriod { get; init; } = "";

    /// <summary>Bits 0–1: 0 no receipt, 1 on success or failure, 2 on failure only.</summary>
    public byte RegisteredDelivery { get; init; }

    public byte ReplaceIfPresent { get; init; }

    public byte DataCoding { get; init; }

    public byte DefaultMessageId { get; init; }

    /// <summary>The short_message octets (at most 254; empty when the text is in message_payload).</summary>
    public ReadOnlyMemory<byte> ShortMessage { get; init; }

    /// <summary>esm_class's UDHI bit: the message (or payload) begins with a user data header.</summary>
    public bool HasUdh => (EsmClass & 0x40) != 0;

    /// <summary>The user data: message_payload when present, else short_message.</summary>
    public ReadOnlyMemory<byte> UserData => Find(TlvTag.MessagePayload)?.Value ?? ShortMessage;
}
