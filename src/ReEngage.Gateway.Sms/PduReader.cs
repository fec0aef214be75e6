namespace ReEngage.Gateway.Sms;

/// <summary>Bounds-checked forward reader over PDU octets; every overrun becomes a <see cref="PduFormatException"/>.</summary>
internal ref struct PduReader(ReadOnlySpan<byte> data, int baseOffset = 0)
{
    private readonly ReadOnlySpan<byte> data = data;

    public int Position { get; private set; }

    public readonly int Offset => baseOffset + Position;

    public readonly int Remaining => data.Length - Position;

    public readonly bool AtEnd => Position >= data.Length;

    public byte ReadByte(string field)
    {
        if (Position >= data.Length)
        {
            throw new PduFormatException(Offset, $"the PDU ends where {field} was expected");
        }

        return data[Position++];
    }

    public ReadOnlySpan<byte> ReadBytes(int count, string field)
    {
        if (count < 0 || count > Remaining)
        {
            throw new PduFormatException(Offset, $"{field} needs {count} octets but only {Remaining} remain");
        }

        var slice = data.Slice(Position, count);
        Position += count;
        return slice;
    }

    public readonly ReadOnlySpan<byte> Rest => data[Position..];

    public readonly PduFormatException Error(string reason) => new(Offset, reason);
}
