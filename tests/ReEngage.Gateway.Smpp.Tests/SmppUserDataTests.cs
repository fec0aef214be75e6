using Microsoft.Extensions.Time.Testing;

namespace ReEngage.Gateway.Smpp.Tests;

public class SmppUserDataTests
{
    [Fact]
    public void An_8_bit_reference_udh_is_read_and_stripped()
    {
        var pdu = new ShortMessagePdu { EsmClass = 0x40, ShortMessage = new byte[] { 5, 0x00, 3, 0xAB, 3, 2, 0x41, 0x42 } };
        Assert.True(SmppUserData.TryRead(pdu, out var data, out _));
        Assert.Equal(new SmppSegment(0xAB, 3, 2), data!.Segment);
        Assert.Equal("AB"u8.ToArray(), data.Payload.ToArray());
    }

    [Fact]
    public void A_16_bit_reference_udh_in_message_payload_is_read()
    {
        var pdu = new ShortMessagePdu { EsmClass = 0x43, Tlvs = [new Tlv(TlvTag.MessagePayload, new byte[] { 6, 0x08, 4, 0x12, 0x34, 2, 1, 0x41 })] };
        Assert.True(SmppUserData.TryRead(pdu, out var data, out _));
        Assert.Equal(new SmppSegment(0x1234, 2, 1), data!.Segment);
    }

    [Fact]
    public void Sar_parameters_describe_a_segment()
    {
        var pdu = new ShortMessagePdu
        {
            ShortMessage = "x"u8.ToArray(),
            Tlvs = [Tlv.OfUInt16(TlvTag.SarMsgRefNum, 77), Tlv.OfByte(TlvTag.SarTotalSegments, 2), Tlv.OfByte(TlvTag.SarSegmentSeqnum, 2)],
        };
        Assert.True(SmppUserData.TryRead(pdu, out var data, out _));
        Assert.Equal(new SmppSegment(77, 2, 2), data!.Segment);
    }

    [Theory]
    [InlineData(new byte[] { 9, 0x00, 3, 1, 2, 1 })] // UDHL beyond the data
    [InlineData(new byte[] { 2, 0x00, 3 })]          // IE longer than the header
    [InlineData(new byte[] { })]                     // UDHI set, no UDH
    public void A_broken_udh_is_an_invalid_message_length(byte[] message)
    {
        Assert.False(SmppUserData.TryRead(new ShortMessagePdu { EsmClass = 0x40, ShortMessage = message }, out _, out var status));
        Assert.Equal(CommandStatus.InvalidMessageLength, status);
    }

    [Fact]
    public void Other_information_elements_are_stripped_and_the_text_is_whole()
    {
        var pdu = new ShortMessagePdu { EsmClass = 0x40, ShortMessage = new byte[] { 4, 0x04, 2, 0x0B, 0x84, 0x41 } };
        Assert.True(SmppUserData.TryRead(pdu, out var data, out _));
        Assert.Null(data!.Segment);
        Assert.Equal("A"u8.ToArray(), data.Payload.ToArray());
    }

    [Fact]
    public void The_reassembler_joins_parts_in_any_order_as_octets()
    {
        var time = new FakeTimeProvider();
        var parts = new SmppReassembler<int>(time, TimeSpan.FromMinutes(1));
        // "👋" (D83D DC4B) split between the parts: only joining octets keeps it whole.
        Assert.Equal(ReassemblyOutcome.Waiting, parts.Add("a", new SmppSegment(1, 2, 2), new byte[] { 0xDC, 0x4B }, 2).Outcome);
        Assert.Equal(ReassemblyOutcome.Duplicate, parts.Add("a", new SmppSegment(1, 2, 2), new byte[] { 0xDC, 0x4B }, 3).Outcome);
        Assert.Equal(ReassemblyOutcome.Waiting, parts.Add("b", new SmppSegment(1, 2, 1), new byte[] { 0x00, 0x41 }, 9).Outcome);
        var done = parts.Add("a", new SmppSegment(1, 2, 1), new byte[] { 0x00, 0x41, 0xD8, 0x3D }, 1);
        Assert.Equal(ReassemblyOutcome.Complete, done.Outcome);
        Assert.Equal([1, 2], done.Parts.Select(p => p.Tag));
        Assert.True(SmppDataCoding.TryDecode(0x08, done.Joined(), out var text, out _));
        Assert.Equal("A👋", text);
        Assert.Empty(parts.TakeExpired());
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([9], parts.TakeExpired());
        Assert.Equal(0, parts.PendingParts);
    }
}
