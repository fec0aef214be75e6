namespace ReEngage.Gateway.Sms;

/// <summary>How an outbound message is encoded.</summary>
public sealed record SmsSubmitOptions
{
    /// <summary>Default options: no status report, 24 h validity, at most 3 parts, 8-bit concatenation reference.</summary>
    public static SmsSubmitOptions Default { get; } = new();

    /// <summary>TP-SRR: ask the network for a delivery report per part.</summary>
    public bool StatusReport { get; init; }

    /// <summary>Relative TP-VP; null leaves it out (network default, often days).</summary>
    public TimeSpan? ValidityPeriod { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The most parts a text may take.</summary>
    public int MaxParts { get; init; } = SmsCounter.DefaultMaxParts;

    /// <summary>Replace look-alike punctuation so that the text stays GSM-7 (see <see cref="SmartEncoding"/>).</summary>
    public bool SmartEncoding { get; init; }

    /// <summary>Class 0 ("flash") SMS: shown at once, not stored by the handset.</summary>
    public bool Flash { get; init; }

    /// <summary>8-bit (IE 0x00) or 16-bit (IE 0x08) concatenation reference.</summary>
    public ConcatenationReference ReferenceSize { get; init; } = ConcatenationReference.EightBit;

    /// <summary>The concatenation reference shared by this message's parts (0–255, or 0–65535 for 16-bit).</summary>
    public int Reference { get; init; }

    /// <summary>SMSC number for the PDU's SMSC field; null or empty writes "00", so the modem's SMSC (AT+CSCA) is used.</summary>
    public string? ServiceCentre { get; init; }

    /// <summary>TP-PID (0 for a normal SMS).</summary>
    public byte ProtocolIdentifier { get; init; }

    /// <summary>TP-RD: ask the SMSC to reject a duplicate of a message it still holds.</summary>
    public bool RejectDuplicates { get; init; }

    /// <summary>
    /// National languages whose 23.038 shift tables may be used (IEs 0x24 / 0x25) when they keep the
    /// text in GSM-7 and save parts; empty (the default) for the default alphabet only.
    /// </summary>
    public IReadOnlyList<NationalLanguage> NationalLanguages { get; init; } = [];
}

/// <summary>One encoded part, ready for <c>AT+CMGS=&lt;TpduLength&gt;</c> followed by <see cref="Pdu"/>.</summary>
/// <param name="Sequence">Part number from 1.</param>
/// <param name="Total">Number of parts.</param>
/// <param name="Pdu">The PDU in hex, SMSC field included.</param>
/// <param name="TpduLength">Octets after the SMSC field: the length AT+CMGS needs.</param>
/// <param name="Text">The text this part carries.</param>
/// <param name="Units">Septets or UCS-2 units in this part.</param>
public sealed record SmsSubmitPart(int Sequence, int Total, string Pdu, int TpduLength, string Text, int Units);

/// <summary>A message encoded as one or more SMS-SUBMIT PDUs.</summary>
/// <param name="Destination">The destination as given.</param>
/// <param name="Encoding">GSM-7 or UCS-2.</param>
/// <param name="Text">The text as sent (after smart encoding, when it applied).</param>
/// <param name="Parts">The parts in order.</param>
public sealed record SmsSubmitMessage(string Destination, SmsEncoding Encoding, string Text, IReadOnlyList<SmsSubmitPart> Parts)
{
    /// <summary>The national language tables the parts use (the default alphabet unless allowed and saving parts).</summary>
    public NationalLanguageShift Shift { get; init; }
}

/// <summary>The position of a part within a concatenated message, for <c>SmsSubmitEncoder.EncodePart</c>.</summary>
/// <param name="Sequence">Part number from 1.</param>
/// <param name="Total">Number of parts; 1 writes no concatenation header.</param>
public readonly record struct SmsPartPosition(int Sequence, int Total);

/// <summary>Encodes SMS-SUBMIT PDUs (3GPP TS 23.040 §9.2.2.2).</summary>
public static class SmsSubmitEncoder
{
    /// <summary>Largest PDU: SMSC 12 + header 4 + address 12 + VP 1 + UDL 1 + UD 140.</summary>
    public const int MaxPduLength = 176;

    /// <summary>Segments and encodes a text for one destination.</summary>
    /// <exception cref="SmsEncodingException">The destination is not dialable, the text has a lone surrogate, needs more than <see cref="SmsSubmitOptions.MaxParts"/> parts, or an option is out of range.</exception>
    public static SmsSubmitMessage Encode(string destination, string text, SmsSubmitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(text);
        options ??= SmsSubmitOptions.Default;
        Validate(destination, options);
        var segmentation = SmsSegmenter.Segment(text, options.SmartEncoding, options.ReferenceSize, options.NationalLanguages);
        if (segmentation.Parts.Count > options.MaxParts)
        {
            throw new SmsEncodingException(
                SmsEncodingError.TooManyParts,
                $"The text needs {segmentation.Parts.Count} SMS parts ({segmentation.Encoding}, {segmentation.UnitsUsed} units); at most {options.MaxParts} are allowed.");
        }

        var total = segmentation.Parts.Count;
        var parts = new SmsSubmitPart[total];
        Span<byte> buffer = stackalloc byte[MaxPduLength];
        for (var i = 0; i < total; i++)
        {
            var range = segmentation.Parts[i];
            var partText = segmentation.Text.AsSpan(range.Start, range.Length);
            var length = EncodePart(destination, partText, segmentation.Encoding, new SmsPartPosition(i + 1, total), options, segmentation.Shift, buffer, out var tpduLength);
            parts[i] = new SmsSubmitPart(i + 1, total, Convert.ToHexString(buffer[..length]), tpduLength, partText.ToString(), range.Units);
        }

        return new SmsSubmitMessage(destination, segmentation.Encoding, segmentation.Text, parts) { Shift = segmentation.Shift };
    }

    /// <summary>
    /// Encodes one part into <paramref name="pdu"/> without allocating. The part's text must already fit
    /// one part (see <see cref="SmsSegmenter"/>) and, for GSM-7, be in the alphabet.
    /// Returns the PDU length (SMSC field included); <paramref name="tpduLength"/> is the length for AT+CMGS.
    /// </summary>
    /// <exception cref="SmsEncodingException">The destination is not dialable or the part does not fit.</exception>
    public static int EncodePart(ReadOnlySpan<char> destination, ReadOnlySpan<char> partText, SmsEncoding encoding, SmsPartPosition position, SmsSubmitOptions options, Span<byte> pdu, out int tpduLength) =>
        EncodePart(destination, partText, encoding, position, options, NationalLanguageShift.Default, pdu, out tpduLength);

    /// <summary>
    /// Encodes one part with national language shift tables (GSM-7 only): their IEs join the header and
    /// the text is written with their codes. See <see cref="EncodePart(ReadOnlySpan{char}, ReadOnlySpan{char}, SmsEncoding, SmsPartPosition, SmsSubmitOptions, Span{byte}, out int)"/>.
    /// </summary>
    /// <exception cref="SmsEncodingException">The destination is not dialable or the part does not fit.</exception>
    public static int EncodePart(ReadOnlySpan<char> destination, ReadOnlySpan<char> partText, SmsEncoding encoding, SmsPartPosition position, SmsSubmitOptions options, NationalLanguageShift shift, Span<byte> pdu, out int tpduLength)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (encoding != SmsEncoding.Gsm7)
        {
            shift = NationalLanguageShift.Default;
        }

        SmsAddress.ValidateDialable(destination);
        var p = SmsAddress.WriteServiceCentreField(options.ServiceCentre, pdu);
        var tpduStart = p;
        var concatenated = position.Total > 1;
        var first = 0x01; // SMS-SUBMIT
        if (options.RejectDuplicates)
        {
            first |= 0x04;
        }

        if (options.ValidityPeriod is not null)
        {
            first |= 0x10; // TP-VPF relative
        }

        if (options.StatusReport)
        {
            first |= 0x20;
        }

        if (concatenated || !shift.IsDefault)
        {
            first |= 0x40; // TP-UDHI
        }

        pdu[p++] = (byte)first;
        pdu[p++] = 0x00; // TP-MR: the modem assigns it
        p += SmsAddress.WriteAddressField(destination, pdu[p..]);
        pdu[p++] = options.ProtocolIdentifier;
        pdu[p++] = DataCodingScheme.For(encoding, options.Flash);
        if (options.ValidityPeriod is { } validity)
        {
            pdu[p++] = ValidityPeriod.ToRelative(validity);
        }

        var udlIndex = p++;
        var headerOctets = 0;
        if (concatenated || !shift.IsDefault)
        {
            var udhl = p++;
            if (concatenated)
            {
                p += WriteConcatenationElement(pdu[p..], options, position);
            }

            p += shift.WriteHeaderElements(pdu[p..]);
            pdu[udhl] = (byte)(p - udhl - 1);
            headerOctets = p - udhl;
        }

        int udl;
        if (encoding == SmsEncoding.Gsm7)
        {
            var capacity = SmsSegmenter.Gsm7SinglePart - SeptetPacking.HeaderSeptets(headerOctets);
            var (septets, octets) = PackGsm7(partText, pdu[p..], SeptetPacking.FillBits(headerOctets), capacity, shift);
            udl = SeptetPacking.HeaderSeptets(headerOctets) + septets;
            p += octets;
        }
        else if (encoding == SmsEncoding.Ucs2)
        {
            if ((partText.Length * 2) + headerOctets > 140)
            {
                throw new SmsEncodingException(SmsEncodingError.TooManyParts, $"{partText.Length} UCS-2 units do not fit one part.");
            }

            foreach (var c in partText)
            {
                pdu[p++] = (byte)(c >> 8);
                pdu[p++] = (byte)c;
            }

            udl = headerOctets + (partText.Length * 2);
        }
        else
        {
            throw new SmsEncodingException(SmsEncodingError.InvalidOption, "Text cannot be sent as 8-bit data.");
        }

        pdu[udlIndex] = (byte)udl;
        tpduLength = p - tpduStart;
        return p;
    }

    private static int WriteConcatenationElement(Span<byte> destination, SmsSubmitOptions options, SmsPartPosition position)
    {
        if (options.ReferenceSize == ConcatenationReference.EightBit)
        {
            destination[0] = UserDataHeader.ConcatenationEightBit;
            destination[1] = 3;
            destination[2] = (byte)options.Reference;
            destination[3] = (byte)position.Total;
            destination[4] = (byte)position.Sequence;
            return 5;
        }

        destination[0] = UserDataHeader.ConcatenationSixteenBit;
        destination[1] = 4;
        destination[2] = (byte)(options.Reference >> 8);
        destination[3] = (byte)options.Reference;
        destination[4] = (byte)position.Total;
        destination[5] = (byte)position.Sequence;
        return 6;
    }

    // Packs straight from characters into the PDU: no intermediate septet buffer on the hot path.
    private static (int Septets, int Octets) PackGsm7(ReadOnlySpan<char> text, Span<byte> destination, int fillBits, int capacity, NationalLanguageShift shift)
    {
        if (!shift.IsDefault)
        {
            return PackWithShift(text, destination, fillBits, capacity, shift);
        }

        var septets = 0;
        var bit = fillBits;
        var maxOctets = SeptetPacking.PackedLength(capacity, fillBits);
        destination[..Math.Min(maxOctets, destination.Length)].Clear();
        for (var i = 0; i < text.Length; i++)
        {
            var entry = GsmAlphabet.LookupEntry(text[i]);
            if (entry == 0)
            {
                throw new SmsEncodingException(SmsEncodingError.InvalidOption, $"Character U+{(int)text[i]:X4} at position {i} is not in the GSM 7-bit alphabet.", i);
            }

            var extended = entry >= 0x100;
            if (septets + (extended ? 2 : 1) > capacity)
            {
                throw new SmsEncodingException(SmsEncodingError.TooManyParts, $"The part text needs more than {capacity} septets.");
            }

            if (extended)
            {
                WriteSeptet(destination, ref bit, GsmAlphabet.Escape);
                WriteSeptet(destination, ref bit, entry & 0x7F);
                septets += 2;
            }
            else
            {
                WriteSeptet(destination, ref bit, entry - 1);
                septets++;
            }
        }

        return (septets, (bit + 7) / 8);
    }

    private static (int Septets, int Octets) PackWithShift(ReadOnlySpan<char> text, Span<byte> destination, int fillBits, int capacity, NationalLanguageShift shift)
    {
        var septets = 0;
        var bit = fillBits;
        destination[..Math.Min(SeptetPacking.PackedLength(capacity, fillBits), destination.Length)].Clear();
        for (var i = 0; i < text.Length; i++)
        {
            if (shift.Septet(text[i]) is not { } septet)
            {
                throw new SmsEncodingException(SmsEncodingError.InvalidOption, $"Character U+{(int)text[i]:X4} at position {i} is not in the national language tables {shift.Locking}/{shift.SingleShift}.", i);
            }

            if (septets + (septet.Escaped ? 2 : 1) > capacity)
            {
                throw new SmsEncodingException(SmsEncodingError.TooManyParts, $"The part text needs more than {capacity} septets.");
            }

            if (septet.Escaped)
            {
                WriteSeptet(destination, ref bit, GsmAlphabet.Escape);
                septets++;
            }

            WriteSeptet(destination, ref bit, septet.Code);
            septets++;
        }

        return (septets, (bit + 7) / 8);
    }

    private static void WriteSeptet(Span<byte> destination, ref int bit, int value)
    {
        var index = bit >> 3;
        var shift = bit & 7;
        destination[index] |= (byte)(value << shift);
        if (shift > 1)
        {
            destination[index + 1] |= (byte)(value >> (8 - shift));
        }

        bit += 7;
    }

    private static void Validate(string destination, SmsSubmitOptions options)
    {
        SmsAddress.ValidateDialable(destination);
        if (options.MaxParts is < 1 or > 255)
        {
            throw new SmsEncodingException(SmsEncodingError.InvalidOption, $"MaxParts must be between 1 and 255, not {options.MaxParts}.");
        }

        var maxReference = options.ReferenceSize == ConcatenationReference.EightBit ? 0xFF : 0xFFFF;
        if (options.Reference < 0 || options.Reference > maxReference)
        {
            throw new SmsEncodingException(SmsEncodingError.InvalidOption, $"The concatenation reference must be between 0 and {maxReference}, not {options.Reference}.");
        }

        if (options.ValidityPeriod is { } validity && validity <= TimeSpan.Zero)
        {
            throw new SmsEncodingException(SmsEncodingError.InvalidOption, "The validity period must be positive.");
        }

        if (!string.IsNullOrEmpty(options.ServiceCentre))
        {
            SmsAddress.ValidateDialable(options.ServiceCentre);
            if (SmsAddress.DigitCount(options.ServiceCentre) > 20)
            {
                throw new SmsEncodingException(SmsEncodingError.InvalidAddress, "The SMSC number is too long.");
            }
        }
    }
}
