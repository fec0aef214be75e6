using System.Buffers;
using System.Buffers.Binary;

namespace ReEngage.Gateway.Smpp;

/// <summary>The 16-octet header every PDU starts with (§3.2), and framing a byte stream into PDUs.</summary>
/// <param name="CommandLength">command_length: the whole PDU, header included.</param>
/// <param name="CommandId">command_id.</param>
/// <param name="CommandStatus">command_status.</param>
/// <param name="SequenceNumber">sequence_number.</param>
public readonly record struct SmppHeader(uint CommandLength, uint CommandId, uint CommandStatus, uint SequenceNumber)
{
    /// <summary>Octets in the header.</summary>
    public const int Length = 16;

    /// <summary>
    /// The largest PDU accepted: a full message_payload (64 KiB) with every other field at its maximum.
    /// Anything larger is a broken or hostile length, answered and the connection closed.
    /// </summary>
    public const int MaxPduLength = 65_536 + 1024;

    /// <summary>Reads the header of a PDU of at least 16 octets.</summary>
    public static SmppHeader Read(ReadOnlySpan<byte> pdu) => new(
        BinaryPrimitives.ReadUInt32BigEndian(pdu),
        BinaryPrimitives.ReadUInt32BigEndian(pdu[4..]),
        BinaryPrimitives.ReadUInt32BigEndian(pdu[8..]),
        BinaryPrimitives.ReadUInt32BigEndian(pdu[12..]));

    /// <summary>
    /// Takes the next whole PDU off the front of a stream buffer. False with no error when more octets
    /// are needed; false with an error when command_length is impossible — the stream cannot be framed
    /// any more, so the server answers that generic_nack and closes the connection.
    /// </summary>
    public static bool TryFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> pdu, out SmppDecodeError? error)
    {
        pdu = default;
        error = null;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[Length];
        var available = (int)Math.Min(buffer.Length, Length);
        buffer.Slice(0, available).CopyTo(head);
        var length = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (length is < Length or > MaxPduLength)
        {
            var id = available >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(head[4..]) : 0;
            var sequence = available >= 16 ? BinaryPrimitives.ReadUInt32BigEndian(head[12..]) : 0;
            error = new SmppDecodeError(Smpp.CommandStatus.InvalidCommandLength, id, sequence, 0, $"command_length {length} is outside {Length}..{MaxPduLength}");
            return false;
        }

        if (buffer.Length < length)
        {
            return false;
        }

        pdu = buffer.Slice(0, length);
        buffer = buffer.Slice(length);
        return true;
    }
}
