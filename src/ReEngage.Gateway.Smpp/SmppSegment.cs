using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Smpp;

/// <summary>One part of a client's own concatenated message: its UDH (IE 0x00 / 0x08) or sar_* parameters.</summary>
/// <param name="Reference">The reference all parts share.</param>
/// <param name="Total">How many parts.</param>
/// <param name="Sequence">This part, from 1.</param>
public sealed record SmppSegment(int Reference, int Total, int Sequence);

/// <summary>The user data of a submit, its UDH (if any) split off and read.</summary>
/// <param name="Payload">The octets after the UDH (the text in the PDU's data_coding).</param>
/// <param name="Segment">The concatenation, when the message is one part of several.</param>
public sealed record SmppUserData(ReadOnlyMemory<byte> Payload, SmppSegment? Segment)
{
    /// <summary>
    /// Splits a submit's user data. False with the status to answer when its UDH is broken (a length beyond
    /// the data, or an information element cut off).
    /// </summary>
    public static bool TryRead(ShortMessagePdu pdu, out SmppUserData? userData, out uint status)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        userData = null;
        status = CommandStatus.Ok;
        var data = pdu.UserData;
        SmppSegment? segment = null;
        if (pdu.HasUdh)
        {
            var span = data.Span;
            if (span.Length < 1 || span[0] + 1 > span.Length)
            {
                status = CommandStatus.InvalidMessageLength;
                return false;
            }

            try
            {
                var (_, concatenation) = UserDataHeader.Parse(span.Slice(1, span[0]), 1);
                if (concatenation is { } c)
                {
                    segment = new SmppSegment(c.Reference, c.Total, c.Sequence);
                }
            }
            catch (PduFormatException)
            {
                status = CommandStatus.InvalidMessageLength;
                return false;
            }

            data = data[(span[0] + 1)..];
        }

        if (segment is null && pdu.Find(TlvTag.SarMsgRefNum) is { } reference && pdu.Find(TlvTag.SarTotalSegments) is { } total
            && pdu.Find(TlvTag.SarSegmentSeqnum) is { } sequence)
        {
            var (t, s) = (total.AsInt(), sequence.AsInt());
            if (t < 1 || s < 1 || s > t)
            {
                status = CommandStatus.InvalidOptionalParameterValue;
                return false;
            }

            segment = new SmppSegment(reference.AsInt(), t, s);
        }

        // A "concatenation" of one part is a whole message.
        userData = new SmppUserData(data, segment is { Total: > 1 } ? segment : null);
        return true;
    }
}
