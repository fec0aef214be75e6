namespace ReEngage.Gateway.Sms;

/// <summary>TP-DCS decoded per 3GPP TS 23.038 §4 (all coding groups, not only 00xx).</summary>
/// <param name="Value">The raw octet.</param>
/// <param name="Encoding">The alphabet the user data uses.</param>
/// <param name="MessageClass">Class 0 (flash) to 3, or null when none is given.</param>
/// <param name="Compressed">True when the text is compressed (not supported: the data is kept as 8-bit).</param>
public readonly record struct DataCodingScheme(byte Value, SmsEncoding Encoding, int? MessageClass, bool Compressed)
{
    /// <summary>Decodes a TP-DCS octet.</summary>
    public static DataCodingScheme Parse(byte value)
    {
        var group = value >> 4;
        switch (group)
        {
            case <= 0x7:
            {
                // 00xx: general; 01xx: same, marked for automatic deletion.
                var compressed = (value & 0x20) != 0;
                int? messageClass = (value & 0x10) != 0 ? value & 0x03 : null;
                var encoding = ((value >> 2) & 0x03) switch
                {
                    1 => SmsEncoding.EightBit,
                    2 => SmsEncoding.Ucs2,
                    _ => SmsEncoding.Gsm7, // 11 is reserved: read as the default alphabet (23.038 §4)
                };
                return new DataCodingScheme(value, compressed ? SmsEncoding.EightBit : encoding, messageClass, compressed);
            }

            case 0xC or 0xD:
                return new DataCodingScheme(value, SmsEncoding.Gsm7, null, false); // message waiting, discard/store
            case 0xE:
                return new DataCodingScheme(value, SmsEncoding.Ucs2, null, false); // message waiting, store, UCS-2
            case 0xF:
                return new DataCodingScheme(value, (value & 0x04) != 0 ? SmsEncoding.EightBit : SmsEncoding.Gsm7, value & 0x03, false);
            default:
                return new DataCodingScheme(value, SmsEncoding.Gsm7, null, false); // 1000–1011 reserved
        }
    }

    /// <summary>The TP-DCS octet for an outgoing message.</summary>
    public static byte For(SmsEncoding encoding, bool flash)
    {
        var alphabet = encoding switch
        {
            SmsEncoding.Gsm7 => 0x00,
            SmsEncoding.EightBit => 0x04,
            _ => 0x08,
        };
        return flash ? (byte)(0x10 | alphabet) : (byte)alphabet;
    }
}
