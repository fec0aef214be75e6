namespace ReEngage.Gateway.Smpp;

/// <summary>An SMPP PDU: the header's status and sequence number, the body of its concrete type, and its optional parameters.</summary>
public abstract record Pdu
{
    /// <summary>command_id (<see cref="SmppCommand"/>).</summary>
    public abstract uint CommandId { get; }

    /// <summary>command_status: 0 on requests, the outcome on responses (<see cref="Smpp.CommandStatus"/>).</summary>
    public uint CommandStatus { get; init; }

    /// <summary>sequence_number: a response carries its request's.</summary>
    public uint SequenceNumber { get; init; }

    /// <summary>The optional parameters in the order they came (unknown tags included).</summary>
    public IReadOnlyList<Tlv> Tlvs { get; init; } = [];

    /// <summary>The first parameter with this tag, or null.</summary>
    public Tlv? Find(ushort tag)
    {
        foreach (var tlv in Tlvs)
        {
            if (tlv.Tag == tag)
            {
                return tlv;
            }
        }

        return null;
    }
}

/// <summary>The three ways to bind (§4.1).</summary>
public enum BindMode
{
    /// <summary>bind_transmitter: submits only.</summary>
    Transmitter,

    /// <summary>bind_receiver: deliveries (receipts, inbound) only.</summary>
    Receiver,

    /// <summary>bind_transceiver: both.</summary>
    Transceiver,
}

/// <summary>bind_transmitter, bind_receiver or bind_transceiver (§4.1.1, 4.1.3, 4.1.5).</summary>
public sealed record BindPdu(BindMode Mode, string SystemId, string Password) : Pdu
{
    public override uint CommandId => Mode switch
    {
        BindMode.Transmitter => SmppCommand.BindTransmitter,
        BindMode.Receiver => SmppCommand.BindReceiver,
        _ => SmppCommand.BindTransceiver,
    };

    public string SystemType { get; init; } = "";

    /// <summary>interface_version: 0x34 for 3.4 (0x33 and below are 3.3).</summary>
    public byte InterfaceVersion { get; init; } = 0x34;

    public byte AddressTon { get; init; }

    public byte AddressNpi { get; init; }

    public string AddressRange { get; init; } = "";
}

/// <summary>The response to a bind: the SMSC's system_id (§4.1.2).</summary>
public sealed record BindRespPdu(BindMode Mode, string SystemId) : Pdu
{
    public override uint CommandId => SmppCommand.ResponseOf(new BindPdu(Mode, "", "").CommandId);
}

/// <summary>A PDU with an empty body: unbind, enquire_link, their responses and generic_nack.</summary>
public sealed record EmptyPdu(uint Id) : Pdu
{
    public override uint CommandId => Id;
}

/// <summary>submit_sm_resp or deliver_sm_resp: the message id (empty for deliver_sm_resp, §4.6.2).</summary>
public sealed record MessageRespPdu(uint Id, string MessageId) : Pdu
{
    public override uint CommandId => Id;
}
