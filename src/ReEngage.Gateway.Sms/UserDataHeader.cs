namespace ReEngage.Gateway.Sms;

/// <summary>One information element of a user data header.</summary>
/// <param name="Identifier">IEI.</param>
/// <param name="Data">IE data octets.</param>
public sealed record InformationElement(byte Identifier, byte[] Data);

/// <summary>Concatenation data from IE 0x00 (8-bit reference) or 0x08 (16-bit reference).</summary>
/// <param name="Reference">The reference shared by all parts of one message.</param>
/// <param name="Total">Number of parts.</param>
/// <param name="Sequence">This part's number, from 1.</param>
/// <param name="SixteenBitReference">True for IE 0x08.</param>
public sealed record ConcatenationInfo(int Reference, int Total, int Sequence, bool SixteenBitReference);

internal static class UserDataHeader
{
    public const byte ConcatenationEightBit = 0x00;
    public const byte ConcatenationSixteenBit = 0x08;
    public const byte SingleShift = 0x24;
    public const byte LockingShift = 0x25;

    /// <summary>The national language tables a header announces (23.040 §9.2.3.24.15–16); the last IE of each kind wins.</summary>
    public static (NationalLanguage Locking, NationalLanguage Single) Languages(IReadOnlyList<InformationElement> elements)
    {
        var locking = NationalLanguage.None;
        var single = NationalLanguage.None;
        foreach (var element in elements)
        {
            if (element.Data.Length == 1 && element.Identifier == LockingShift)
            {
                locking = (NationalLanguage)element.Data[0];
            }
            else if (element.Data.Length == 1 && element.Identifier == SingleShift)
            {
                single = (NationalLanguage)element.Data[0];
            }
        }

        return (locking, single);
    }

    /// <summary>
    /// Walks every IE of a header (UDHL excluded). Unknown IEs are kept and skipped; a concatenation IE
    /// whose sequence is 0 or beyond its total is ignored, as 23.040 §9.2.3.24.1 tells the receiver to.
    /// </summary>
    public static (IReadOnlyList<InformationElement> Elements, ConcatenationInfo? Concatenation) Parse(ReadOnlySpan<byte> header, int offset)
    {
        var elements = new List<InformationElement>();
        ConcatenationInfo? concatenation = null;
        var i = 0;
        while (i < header.Length)
        {
            if (i + 2 > header.Length)
            {
                throw new PduFormatException(offset + i, "a user data header information element is cut off before its length");
            }

            var id = header[i];
            var length = header[i + 1];
            if (i + 2 + length > header.Length)
            {
                throw new PduFormatException(offset + i, $"information element 0x{id:X2} declares {length} octets, beyond the end of the header");
            }

            var data = header.Slice(i + 2, length);
            elements.Add(new InformationElement(id, data.ToArray()));
            if (id == ConcatenationEightBit && length == 3 && data[1] > 0 && data[2] > 0 && data[2] <= data[1])
            {
                concatenation = new ConcatenationInfo(data[0], data[1], data[2], false);
            }
            else if (id == ConcatenationSixteenBit && length == 4 && data[2] > 0 && data[3] > 0 && data[3] <= data[2])
            {
                concatenation = new ConcatenationInfo((data[0] << 8) | data[1], data[2], data[3], true);
            }

            i += 2 + length;
        }

        return (elements, concatenation);
    }
}
