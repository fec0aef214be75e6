using System.Buffers.Binary;
using System.Text;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// Reads one PDU's fields in order. Every read is bounds-checked against the PDU (never beyond it) and a
/// failure throws <see cref="SmppDecodeException"/> with the status the field's error maps to.
/// </summary>
internal ref struct PduBodyReader(ReadOnlySpan<byte> pdu, uint commandId, uint sequence)
{
    private readonly ReadOnlySpan<byte> pdu = pdu;
    private int position = SmppHeader.Length;

    public readonly int Remaining => pdu.Length - position;

    public readonly SmppDecodeException Fail(uint status, string reason) =>
        new(new SmppDecodeError(status, commandId, sequence, position, reason));

    public byte ReadByte(string field)
    {
        if (Remaining < 1)
        {
            throw Fail(CommandStatus.InvalidCommandLength, $"the PDU ends before {field}");
        }

        return pdu[position++];
    }

    /// <summary>A C-octet string of at most <paramref name="max"/> octets, its NUL included (the spec's sizes).</summary>
    public string ReadCString(string field, int max, uint tooLongStatus)
    {
        var window = pdu[position..];
        var end = window[..Math.Min(window.Length, max)].IndexOf((byte)0);
        if (end < 0)
        {
            throw window.Length >= max
                ? Fail(tooLongStatus, $"{field} is longer than {max - 1} characters (or lacks its NUL)")
                : Fail(CommandStatus.InvalidCommandLength, $"the PDU ends inside {field}");
        }

        var text = Encoding.Latin1.GetString(window[..end]);
        position += end + 1;
        return text;
    }

    /// <summary>An SMPP time field: empty, or exactly 16 characters (§7.1.1); the contents are checked by <see cref="SmppTime"/>.</summary>
    public string ReadTime(string field, uint status)
    {
        var start = position;
        var text = ReadCString(field, 17, status);
        if (text.Length is not (0 or 16))
        {
            position = start;
            throw Fail(status, $"{field} '{text}' is neither empty nor 16 characters");
        }

        return text;
    }

    public ReadOnlyMemory<byte> ReadOctets(int count, string field, uint status)
    {
        if (count > Remaining)
        {
            throw Fail(status, $"{field} declares {count} octets, {Remaining} remain");
        }

        var bytes = pdu.Slice(position, count).ToArray();
        position += count;
        return bytes;
    }

    /// <summary>The optional parameters up to the end of the PDU; known fixed-size tags must have their size.</summary>
    public List<Tlv> ReadTlvs()
    {
        var list = new List<Tlv>();
        while (Remaining > 0)
        {
            if (Remaining < 4)
            {
                throw Fail(CommandStatus.InvalidOptionalParameterStream, $"{Remaining} octets left after the last parameter, too few for a tag and length");
            }

            var tag = BinaryPrimitives.ReadUInt16BigEndian(pdu[position..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(pdu[(position + 2)..]);
            if (length > Remaining - 4)
            {
                throw Fail(CommandStatus.InvalidOptionalParameterStream, $"parameter 0x{tag:X4} declares {length} octets, {Remaining - 4} remain");
            }

            var fixedLength = TlvTag.FixedLength(tag);
            if (fixedLength >= 0 && length != fixedLength)
            {
                throw Fail(CommandStatus.InvalidParameterLength, $"parameter 0x{tag:X4} must have {fixedLength} octets, not {length}");
            }

            if (tag == TlvTag.ReceiptedMessageId && (length is 0 or > 65 || pdu[position + 4 + length - 1] != 0))
            {
                throw Fail(CommandStatus.InvalidParameterLength, "receipted_message_id must be a C-octet string of at most 65 octets");
            }

            list.Add(new Tlv(tag, pdu.Slice(position + 4, length).ToArray()));
            position += 4 + length;
        }

        return list;
    }

    /// <summary>Fails when octets are left after a body that has no optional parameters.</summary>
    public readonly void End()
    {
        if (Remaining != 0)
        {
            throw Fail(CommandStatus.InvalidCommandLength, $"{Remaining} octets after the end of the body");
        }
    }
}
