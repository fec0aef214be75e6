using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// Encodes PDUs. The fields' sizes are checked (an over-long field is a bug of the caller, thrown as
/// <see cref="ArgumentException"/>): what the gateway sends always decodes.
/// </summary>
public static class PduEncoder
{
    /// <summary>The PDU's octets, header included.</summary>
    public static byte[] Encode(Pdu pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        var body = new ArrayBufferWriter<byte>(64);
        switch (pdu)
        {
            case BindPdu bind:
                WriteCString(body, bind.SystemId, 16, "system_id");
                WriteCString(body, bind.Password, 9, "password");
                WriteCString(body, bind.SystemType, 13, "system_type");
                WriteByte(body, bind.InterfaceVersion);
                WriteByte(body, bind.AddressTon);
                WriteByte(body, bind.AddressNpi);
                WriteCString(body, bind.AddressRange, 41, "address_range");
                break;
            case BindRespPdu resp:
                WriteCString(body, resp.SystemId, 16, "system_id");
                WriteTlvs(body, resp.Tlvs);
                break;
            case MessageRespPdu resp:
                WriteCString(body, resp.MessageId, 65, "message_id");
                break;
            case ShortMessagePdu sm:
                WriteShortMessage(body, sm);
                break;
            case EmptyPdu:
                break;
            default:
                throw new ArgumentException($"No encoder for {pdu.GetType().Name}.", nameof(pdu));
        }

        var bytes = new byte[SmppHeader.Length + body.WrittenCount];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)bytes.Length);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), pdu.CommandId);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), pdu.CommandStatus);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), pdu.SequenceNumber);
        body.WrittenSpan.CopyTo(bytes.AsSpan(SmppHeader.Length));
        return bytes;
    }

    private static void WriteShortMessage(ArrayBufferWriter<byte> body, ShortMessagePdu sm)
    {
        if (sm.ShortMessage.Length > 254)
        {
            throw new ArgumentException($"short_message has {sm.ShortMessage.Length} octets; at most 254 (use message_payload).", nameof(sm));
        }

        WriteCString(body, sm.ServiceType, 6, "service_type");
        WriteByte(body, sm.SourceTon);
        WriteByte(body, sm.SourceNpi);
        WriteCString(body, sm.SourceAddress, 21, "source_addr");
        WriteByte(body, sm.DestinationTon);
        WriteByte(body, sm.DestinationNpi);
        WriteCString(body, sm.DestinationAddress, 21, "destination_addr");
        WriteByte(body, sm.EsmClass);
        WriteByte(body, sm.ProtocolId);
        WriteByte(body, sm.PriorityFlag);
        WriteCString(body, sm.ScheduleDeliveryTime, 17, "schedule_delivery_time");
        WriteCString(body, sm.ValidityPeriod, 17, "validity_period");
        WriteByte(body, sm.RegisteredDelivery);
        WriteByte(body, sm.ReplaceIfPresent);
        WriteByte(body, sm.DataCoding);
        WriteByte(body, sm.DefaultMessageId);
        WriteByte(body, (byte)sm.ShortMessage.Length);
        body.Write(sm.ShortMessage.Span);
        WriteTlvs(body, sm.Tlvs);
    }

    private static void WriteTlvs(ArrayBufferWriter<byte> body, IReadOnlyList<Tlv> tlvs)
    {
        foreach (var tlv in tlvs)
        {
            if (tlv.Value.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"Parameter 0x{tlv.Tag:X4} has {tlv.Value.Length} octets; at most 65535.", nameof(tlvs));
            }

            var head = body.GetSpan(4);
            BinaryPrimitives.WriteUInt16BigEndian(head, tlv.Tag);
            BinaryPrimitives.WriteUInt16BigEndian(head[2..], (ushort)tlv.Value.Length);
            body.Advance(4);
            body.Write(tlv.Value.Span);
        }
    }

    private static void WriteByte(ArrayBufferWriter<byte> body, byte value)
    {
        body.GetSpan(1)[0] = value;
        body.Advance(1);
    }

    private static void WriteCString(ArrayBufferWriter<byte> body, string value, int max, string field)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length + 1 > max || value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{field} '{value}' does not fit in {max} octets with its NUL.", nameof(value));
        }

        var span = body.GetSpan(value.Length + 1);
        Encoding.Latin1.GetBytes(value, span);
        span[value.Length] = 0;
        body.Advance(value.Length + 1);
    }
}
