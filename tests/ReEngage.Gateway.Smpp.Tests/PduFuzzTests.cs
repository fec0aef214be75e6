using System.Buffers.Binary;
using static ReEngage.Gateway.Smpp.Tests.Pdus;

namespace ReEngage.Gateway.Smpp.Tests;

/// <summary>
/// Seeded fuzzing: random octets and mutations of valid PDUs. The decoder may only answer with a PDU or
/// its own error, must read nothing past the PDU it was given, and what it accepts re-encodes to the same octets.
/// </summary>
public class PduFuzzTests
{
    private static readonly byte[][] Corpus =
    [
        PduEncoder.Encode(new BindPdu(BindMode.Transceiver, "shop", "secret") { SystemType = "CRM", AddressRange = "39" }),
        PduEncoder.Encode(new BindRespPdu(BindMode.Receiver, "ReEngage") { Tlvs = [Tlv.OfByte(TlvTag.ScInterfaceVersion, 0x34)] }),
        PduEncoder.Encode(new EmptyPdu(SmppCommand.EnquireLink) { SequenceNumber = 1 }),
        PduEncoder.Encode(new MessageRespPdu(SmppCommand.SubmitSmResp, "4711")),
        Submit("ACME", "+393471234567", "Hello world"u8.ToArray(), validity: "000001000000000R",
            tlvs: [Tlv(TlvTag.UserMessageReference, 1, 2), Tlv(0x1501, 1, 2, 3)]),
        Submit("ACME", "+393471234567", [5, 0, 3, 9, 2, 1, 0x41, 0x42], esmClass: 0x40),
        Submit("ACME", "+393471234567", [], dataCoding: 8, tlvs: [Tlv(TlvTag.MessagePayload, 0, 0x41, 0xD8, 0x3D, 0xDC, 0x4B)]),
        PduEncoder.Encode(new ShortMessagePdu(deliver: true)
        {
            EsmClass = 4, ShortMessage = "id:1 stat:DELIVRD"u8.ToArray(),
            Tlvs = [Tlv.OfCString(TlvTag.ReceiptedMessageId, "1"), Tlv.OfByte(TlvTag.MessageState, 2)],
        }),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Mutated_valid_pdus_decode_or_fail_with_a_decode_error(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 5_000; i++)
        {
            var pdu = Mutate(random, Corpus[random.Next(Corpus.Length)]);
            Check(random, pdu);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Random_octets_with_a_plausible_header_decode_or_fail_with_a_decode_error(int seed)
    {
        var random = new Random(seed);
        uint[] ids = [.. Corpus.Select(c => BinaryPrimitives.ReadUInt32BigEndian(c.AsSpan(4))), SmppCommand.Unbind, SmppCommand.GenericNack, SmppCommand.DeliverSmResp];
        for (var i = 0; i < 5_000; i++)
        {
            var pdu = new byte[random.Next(0, 300)];
            random.NextBytes(pdu);
            if (pdu.Length >= 16 && random.Next(4) != 0)
            {
                BinaryPrimitives.WriteUInt32BigEndian(pdu, (uint)pdu.Length);
                BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(4), ids[random.Next(ids.Length)]);
                if (random.Next(2) == 0)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(8), 0);
                }
            }

            Check(random, pdu);
        }
    }

    [Fact]
    public void Framing_a_fuzzed_stream_never_throws_and_stops_at_an_impossible_length()
    {
        var random = new Random(21);
        for (var i = 0; i < 2_000; i++)
        {
            var stream = Corpus.OrderBy(_ => random.Next()).Take(3).SelectMany(c => random.Next(5) == 0 ? Mutate(random, c) : c).ToArray();
            var buffer = new System.Buffers.ReadOnlySequence<byte>(stream);
            while (SmppHeader.TryFrame(ref buffer, out var frame, out var error))
            {
                Assert.Null(error);
                Check(random, System.Buffers.BuffersExtensions.ToArray(frame));
            }
        }
    }

    private static void Check(Random random, byte[] pdu)
    {
        // The PDU is handed over as a slice of a larger buffer whose tail is random: a decoder that read past
        // the slice would see different octets on the two tries and answer differently (or throw).
        var host = new byte[pdu.Length + 64];
        pdu.CopyTo(host, 0);
        random.NextBytes(host.AsSpan(pdu.Length));
        var first = Outcome(host.AsSpan(0, pdu.Length));
        random.NextBytes(host.AsSpan(pdu.Length));
        var second = Outcome(host.AsSpan(0, pdu.Length));
        Assert.Equal(first, second);
        if (PduDecoder.TryDecode(pdu, out var decoded, out _) && decoded!.CommandStatus == 0)
        {
            Assert.Equal(pdu, PduEncoder.Encode(decoded));
        }
    }

    private static string Outcome(ReadOnlySpan<byte> pdu)
    {
        try
        {
            return Convert.ToHexString(PduEncoder.Encode(PduDecoder.Decode(pdu)));
        }
        catch (SmppDecodeException ex)
        {
            Assert.NotEqual(0u, ex.Error.Status);
            return ex.Error.ToString();
        }
    }

    private static byte[] Mutate(Random random, byte[] valid)
    {
        var bytes = valid.ToList();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(random.Next(bytes.Count), 1);
                    break;
                case 3:
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                    break;
                case 4 when bytes.Count > 1:
                {
                    var start = random.Next(bytes.Count);
                    bytes.RemoveRange(start, Math.Min(bytes.Count - start, 1 + random.Next(bytes.Count / 2)));
                    break;
                }

                default:
                    bytes.Add(0);
                    break;
            }

            if (bytes.Count > bytes.Count / 2 && random.Next(2) == 0)
            {
                bytes = bytes.Take(Math.Max(0, bytes.Count - random.Next(4))).ToList();
            }
        }

        // Mostly keep command_length true, so the mutation reaches the body rather than the framing check.
        var result = bytes.ToArray();
        if (result.Length >= 4 && random.Next(5) != 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(result, (uint)result.Length);
        }

        return result;
    }
}
