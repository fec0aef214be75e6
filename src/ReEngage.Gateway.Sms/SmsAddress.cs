namespace ReEngage.Gateway.Sms;

/// <summary>Type of number (TON) of an SMS address, 3GPP TS 23.040 §9.1.2.5.</summary>
public enum TypeOfNumber
{
    Unknown = 0,
    International = 1,
    National = 2,
    NetworkSpecific = 3,
    Subscriber = 4,
    Alphanumeric = 5,
    Abbreviated = 6,
    Reserved = 7,
}

/// <summary>
/// An originator, destination, recipient or SMSC address. <see cref="Number"/> carries a leading '+'
/// for international numbers; for alphanumeric senders it is the decoded name.
/// </summary>
/// <param name="Number">Digits (with '+' when international), or the alphanumeric sender name.</param>
/// <param name="TypeOfNumber">TON from the type-of-address octet.</param>
/// <param name="TypeOfAddress">The raw type-of-address octet.</param>
public sealed record SmsAddress(string Number, TypeOfNumber TypeOfNumber, byte TypeOfAddress)
{
    private const string SemiOctetDigits = "0123456789*#abc";

    /// <summary>True for senders such as "MyShop" rather than a number.</summary>
    public bool IsAlphanumeric => TypeOfNumber == TypeOfNumber.Alphanumeric;

    /// <inheritdoc />
    public override string ToString() => Number;

    /// <summary>Semi-octets needed for a number's digits ('+' excluded).</summary>
    internal static int DigitCount(ReadOnlySpan<char> number) => number.Length > 0 && number[0] == '+' ? number.Length - 1 : number.Length;

    /// <summary>
    /// Validates a destination number: digits with an optional leading '+', '*' and '#' allowed,
    /// at most 20 digits (TS 23.040 address field limit).
    /// </summary>
    /// <exception cref="SmsEncodingException">The number is empty, too long, or has a character that is not dialable.</exception>
    public static void ValidateDialable(ReadOnlySpan<char> number)
    {
        var digits = number.Length > 0 && number[0] == '+' ? number[1..] : number;
        if (digits.IsEmpty)
        {
            throw new SmsEncodingException(SmsEncodingError.InvalidAddress, "The number is empty.");
        }

        if (digits.Length > 20)
        {
            throw new SmsEncodingException(SmsEncodingError.InvalidAddress, $"The number has {digits.Length} digits; an SMS address holds at most 20.");
        }

        for (var i = 0; i < digits.Length; i++)
        {
            var c = digits[i];
            if (c is not ((>= '0' and <= '9') or '*' or '#'))
            {
                throw new SmsEncodingException(SmsEncodingError.InvalidAddress, $"The number has '{c}' at position {i + (number.Length - digits.Length)}: only digits, '*', '#' and a leading '+' are allowed.", i);
            }
        }
    }

    /// <summary>
    /// Writes an address field (length in digits, type of address, BCD digits) for a number.
    /// '+' gives TON international (0x91); otherwise unknown/ISDN (0x81), which networks route as national.
    /// Returns octets written.
    /// </summary>
    internal static int WriteAddressField(ReadOnlySpan<char> number, Span<byte> destination)
    {
        var international = number.Length > 0 && number[0] == '+';
        var digits = international ? number[1..] : number;
        destination[0] = (byte)digits.Length;
        destination[1] = international ? (byte)0x91 : (byte)0x81;
        return 2 + WriteSemiOctets(digits, destination[2..]);
    }

    /// <summary>Writes an SMSC field (length in octets including the type octet); "00" for "use the modem's SMSC".</summary>
    internal static int WriteServiceCentreField(ReadOnlySpan<char> number, Span<byte> destination)
    {
        if (number.IsEmpty)
        {
            destination[0] = 0;
            return 1;
        }

        var international = number[0] == '+';
        var digits = international ? number[1..] : number;
        var octets = WriteSemiOctets(digits, destination[2..]);
        destination[0] = (byte)(octets + 1);
        destination[1] = international ? (byte)0x91 : (byte)0x81;
        return octets + 2;
    }

    private static int WriteSemiOctets(ReadOnlySpan<char> digits, Span<byte> destination)
    {
        var octets = (digits.Length + 1) / 2;
        for (var i = 0; i < octets; i++)
        {
            var low = Nibble(digits[2 * i]);
            var high = (2 * i) + 1 < digits.Length ? Nibble(digits[(2 * i) + 1]) : 0xF;
            destination[i] = (byte)((high << 4) | low);
        }

        return octets;
    }

    private static int Nibble(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        '*' => 0xA,
        '#' => 0xB,
        _ => throw new SmsEncodingException(SmsEncodingError.InvalidAddress, $"'{c}' cannot be written in an SMS address."),
    };

    /// <summary>Reads an originator / destination / recipient address field (TP-OA, TP-DA, TP-RA).</summary>
    internal static SmsAddress ReadAddressField(ref PduReader reader, string field)
    {
        var start = reader.Offset;
        var length = reader.ReadByte($"{field} length");
        if (length > 20)
        {
            throw new PduFormatException(start, $"{field} length {length} exceeds 20 semi-octets");
        }

        var type = reader.ReadByte($"{field} type");
        var value = reader.ReadBytes((length + 1) / 2, field);
        var ton = (TypeOfNumber)((type >> 4) & 0x07);
        if (ton == TypeOfNumber.Alphanumeric)
        {
            // Length counts useful semi-octets (23.040 9.1.2.5); the name is GSM-7 packed in them, so
            // every whole septet they hold is a character — a trailing septet 0x00 is "@" (CPHS
            // voicemail indications send "_@"), not padding, and is never trimmed.
            var septetCount = length * 4 / 7;
            Span<byte> septets = stackalloc byte[septetCount];
            SeptetPacking.Unpack(value, septetCount, septets);
            return new SmsAddress(GsmAlphabet.FromSeptets(septets), ton, type);
        }

        return new SmsAddress(ReadSemiOctets(value, length, ton == TypeOfNumber.International), ton, type);
    }

    /// <summary>Reads the SMSC field at the start of a PDU from a modem (length in octets); null when empty.</summary>
    internal static SmsAddress? ReadServiceCentreField(ref PduReader reader)
    {
        var start = reader.Offset;
        var length = reader.ReadByte("SMSC length");
        if (length == 0)
        {
            return null;
        }

        if (length > 12)
        {
            throw new PduFormatException(start, $"SMSC length {length} exceeds 12 octets");
        }

        var type = reader.ReadByte("SMSC type");
        var value = reader.ReadBytes(length - 1, "SMSC number");
        var ton = (TypeOfNumber)((type >> 4) & 0x07);
        if (value.IsEmpty)
        {
            return null; // a type octet and no digits: no SMSC number
        }

        return new SmsAddress(ReadSemiOctets(value, value.Length * 2, ton == TypeOfNumber.International), ton, type);
    }

    private static string ReadSemiOctets(ReadOnlySpan<byte> value, int digitCount, bool international)
    {
        Span<char> buffer = stackalloc char[(value.Length * 2) + 1];
        var n = 0;
        if (international)
        {
            buffer[n++] = '+';
        }

        for (var i = 0; i < digitCount && i / 2 < value.Length; i++)
        {
            var nibble = (i & 1) == 0 ? value[i / 2] & 0x0F : value[i / 2] >> 4;
            if (nibble == 0xF)
            {
                break; // filler
            }

            buffer[n++] = SemiOctetDigits[nibble];
        }

        return new string(buffer[..n]);
    }
}
