using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// The deliver_sm of an inbound SMS (mobile originated): esm_class 0x00, source_addr the sender, destination_addr
/// the route's address, data_coding 0 (GSM 03.38, unpacked) when every character has a septet, else 8 (UCS-2).
/// A text longer than one SMS (more than 140 octets) travels whole in message_payload with an empty short_message,
/// as one deliver_sm: one answer to wait for, and no concatenation for the client to put back together.
/// </summary>
internal static class SmppInboundPdu
{
    /// <summary>The octets of one SMS's user data: more than this goes in message_payload.</summary>
    public const int ShortMessageLimit = 140;

    public static ShortMessagePdu Of(SmppInbound inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var (sourceTon, sourceNpi, source) = Address(inbound.From);
        var (destinationTon, destinationNpi, destination) = Address(inbound.To);
        var (coding, octets) = SmppDataCoding.Encode(inbound.Text);
        var payload = octets.Length > ShortMessageLimit;
        return new ShortMessagePdu(deliver: true)
        {
            SourceTon = sourceTon,
            SourceNpi = sourceNpi,
            SourceAddress = source,
            DestinationTon = destinationTon,
            DestinationNpi = destinationNpi,
            DestinationAddress = destination,
            EsmClass = 0x00,
            DataCoding = coding,
            ShortMessage = payload ? ReadOnlyMemory<byte>.Empty : octets,
            Tlvs = payload ? [new Tlv(TlvTag.MessagePayload, octets)] : [],
        };
    }

    /// <summary>TON/NPI and digits: "+39…" international (1/1), digits unknown (0/1), anything else alphanumeric (5/0).</summary>
    private static (byte Ton, byte Npi, string Address) Address(string address)
    {
        var (ton, npi, value) = address switch
        {
            ['+', .. var digits] when digits.Length > 0 && digits.All(char.IsAsciiDigit) => ((byte)1, (byte)1, digits),
            { Length: > 0 } when address.All(char.IsAsciiDigit) => ((byte)0, (byte)1, address),
            _ => ((byte)5, (byte)0, address),
        };
        return (ton, npi, value.Length <= SmppInboundRoute.MaxAddressLength ? value : value[..SmppInboundRoute.MaxAddressLength]);
    }
}
