namespace ReEngage.Gateway.Sms;

/// <summary>
/// Packs and unpacks 7-bit septets into octets, least significant bit first (3GPP TS 23.038 §6.1.2.1.1),
/// with the fill bits that align the first septet after a user data header on a septet boundary.
/// </summary>
public static class SeptetPacking
{
    /// <summary>Fill bits needed after a user data header of <paramref name="headerOctets"/> octets (UDHL included).</summary>
    public static int FillBits(int headerOctets) => headerOctets == 0 ? 0 : (7 - (headerOctets * 8 % 7)) % 7;

    /// <summary>Septets occupied by a header of <paramref name="headerOctets"/> octets plus its fill bits.</summary>
    public static int HeaderSeptets(int headerOctets) => ((headerOctets * 8) + 6) / 7;

    /// <summary>Octets needed for <paramref name="septetCount"/> septets that start after <paramref name="fillBits"/> fill bits.</summary>
    public static int PackedLength(int septetCount, int fillBits = 0) => ((septetCount * 7) + fillBits + 7) / 8;

    /// <summary>Packs septets after <paramref name="fillBits"/> zero bits. Returns the octets written.</summary>
    public static int Pack(ReadOnlySpan<byte> septets, Span<byte> destination, int fillBits = 0)
    {
        var length = PackedLength(septets.Length, fillBits);
        var output = destination[..length];
        output.Clear();
        var bit = fillBits;
        foreach (var septet in septets)
        {
            var value = septet & 0x7F;
            var index = bit >> 3;
            var shift = bit & 7;
            output[index] |= (byte)(value << shift);
            if (shift > 1)
            {
                output[index + 1] |= (byte)(value >> (8 - shift));
            }

            bit += 7;
        }

        return length;
    }

    /// <summary>
    /// Unpacks <paramref name="septetCount"/> septets that start after <paramref name="fillBits"/> bits.
    /// The count comes from TP-UDL, never from the octet length: a last septet alone in an octet
    /// leaves 7 padding bits that would otherwise read as a spurious '@'.
    /// </summary>
    /// <exception cref="ArgumentException">The source is too short for the septets.</exception>
    public static void Unpack(ReadOnlySpan<byte> packed, int septetCount, Span<byte> destination, int fillBits = 0)
    {
        if (PackedLength(septetCount, fillBits) > packed.Length)
        {
            throw new ArgumentException("Packed data is shorter than the septet count requires.", nameof(packed));
        }

        var bit = fillBits;
        for (var i = 0; i < septetCount; i++)
        {
            var index = bit >> 3;
            var shift = bit & 7;
            var value = packed[index] >> shift;
            if (shift > 1)
            {
                value |= packed[index + 1] << (8 - shift);
            }

            destination[i] = (byte)(value & 0x7F);
            bit += 7;
        }
    }
}
