namespace ReEngage.Gateway.Sms;

/// <summary>The character set of an SMS's user data (TP-DCS alphabet).</summary>
public enum SmsEncoding
{
    /// <summary>GSM 03.38 default alphabet, 7-bit packed.</summary>
    Gsm7,

    /// <summary>8-bit data (binary, WAP push, …).</summary>
    EightBit,

    /// <summary>UCS-2, sent as UTF-16BE (surrogate pairs allowed, as every handset does).</summary>
    Ucs2,
}

/// <summary>Size of the concatenation reference in the user data header.</summary>
public enum ConcatenationReference
{
    /// <summary>IE 0x00, 8-bit reference: 6 header octets (153 septets / 67 UCS-2 units per part).</summary>
    EightBit,

    /// <summary>IE 0x08, 16-bit reference: 7 header octets (152 septets / 66 UCS-2 units per part).</summary>
    SixteenBit,
}
