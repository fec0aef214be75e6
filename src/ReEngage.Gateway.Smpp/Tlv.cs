namespace ReEngage.Gateway.Smpp;

/// <summary>One optional parameter (tag, length, value). Unknown tags are kept as they came.</summary>
/// <param name="Tag">The parameter tag (<see cref="TlvTag"/>).</param>
/// <param name="Value">The value octets.</param>
public sealed record Tlv(ushort Tag, ReadOnlyMemory<byte> Value)
{
    /// <summary>A one-octet parameter.</summary>
    public static Tlv OfByte(ushort tag, byte value) => new(tag, new[] { value });

    /// <summary>A two-octet (big-endian) parameter.</summary>
    public static Tlv OfUInt16(ushort tag, ushort value) => new(tag, new[] { (byte)(value >> 8), (byte)value });

    /// <summary>A C-octet string parameter (receipted_message_id): the text and its terminating NUL.</summary>
    public static Tlv OfCString(ushort tag, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = new byte[value.Length + 1];
        System.Text.Encoding.Latin1.GetBytes(value, bytes);
        return new Tlv(tag, bytes);
    }

    /// <summary>The value as an unsigned integer (1, 2 or 4 octets, big-endian).</summary>
    public int AsInt()
    {
        var span = Value.Span;
        var result = 0;
        foreach (var b in span)
        {
            result = (result << 8) | b;
        }

        return result;
    }

    /// <summary>The value as a C-octet string (the NUL and anything after it dropped).</summary>
    public string AsCString()
    {
        var span = Value.Span;
        var end = span.IndexOf((byte)0);
        return System.Text.Encoding.Latin1.GetString(end < 0 ? span : span[..end]);
    }
}
