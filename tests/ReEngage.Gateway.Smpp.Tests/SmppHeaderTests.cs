using System.Buffers;

namespace ReEngage.Gateway.Smpp.Tests;

public class SmppHeaderTests
{
    [Fact]
    public void Frames_are_cut_from_a_stream_in_any_segmentation()
    {
        var one = PduEncoder.Encode(new EmptyPdu(SmppCommand.EnquireLink) { SequenceNumber = 1 });
        var two = PduEncoder.Encode(new MessageRespPdu(SmppCommand.SubmitSmResp, "99") { SequenceNumber = 2 });
        byte[] stream = [.. one, .. two];
        for (var split = 1; split < stream.Length; split++)
        {
            var buffer = Segmented(stream[..split], stream[split..]);
            var frames = new List<Pdu>();
            while (SmppHeader.TryFrame(ref buffer, out var frame, out var error))
            {
                frames.Add(PduDecoder.Decode(BuffersExtensions.ToArray(frame)));
            }

            Assert.Equal(2, frames.Count);
            Assert.Equal(0, buffer.Length);
        }
    }

    [Fact]
    public void A_partial_pdu_waits_for_more()
    {
        var buffer = new ReadOnlySequence<byte>(PduEncoder.Encode(new EmptyPdu(SmppCommand.Unbind))[..10]);
        Assert.False(SmppHeader.TryFrame(ref buffer, out _, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(15u)]
    [InlineData(10_000_000u)]
    public void An_impossible_command_length_is_an_error_to_nack(uint length)
    {
        var octets = PduEncoder.Encode(new EmptyPdu(SmppCommand.EnquireLink) { SequenceNumber = 8 });
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(octets, length);
        var buffer = new ReadOnlySequence<byte>(octets);
        Assert.False(SmppHeader.TryFrame(ref buffer, out _, out var error));
        Assert.Equal((CommandStatus.InvalidCommandLength, SmppCommand.GenericNack, 8u), (error!.Status, error.ResponseCommandId, error.SequenceNumber));
    }

    private static ReadOnlySequence<byte> Segmented(byte[] first, byte[] second)
    {
        var head = new Segment(first, 0);
        var tail = head.Append(second);
        return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] memory, long index)
        {
            Memory = memory;
            RunningIndex = index;
        }

        public Segment Append(byte[] memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
