using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>
/// A USSD &lt;dcs&gt; read per 3GPP TS 23.038 §5 (the Cell Broadcast data coding scheme, which USSD uses:
/// 27.007 §7.15). Not the SMS TP-DCS of §4: the group meanings differ (0000xxxx is GSM 7-bit with an
/// implied language here, not "class 0").
/// </summary>
/// <param name="Value">The octet; 0 when the +CUSD line has none (27.007: default 0).</param>
/// <param name="Encoding">The alphabet.</param>
/// <param name="Language">ISO 639 code implied by the coding group, or null (read from the text for 0x10/0x11).</param>
/// <param name="LanguageInText">True for 0x10/0x11: the text starts with its language (23.038 §5).</param>
public readonly record struct UssdDataCoding(int Value, SmsEncoding Encoding, string? Language, bool LanguageInText)
{
    // 23.038 §5, group 0000: languages by low nibble; 1111 = unspecified.
    private static readonly string?[] Group0 = ["de", "en", "it", "fr", "es", "nl", "sv", "da", "pt", "fi", "no", "el", "tr", "hu", "pl", null];

    // Group 0010: 0000 Czech, 0001 Hebrew, 0010 Arabic, 0011 Russian, 0100 Icelandic; the rest reserved.
    private static readonly string?[] Group2 = ["cs", "he", "ar", "ru", "is"];

    /// <summary>Reads a &lt;dcs&gt; value (null or out of range reads as 0x0F-like GSM 7-bit, no language).</summary>
    public static UssdDataCoding Parse(int? dcs)
    {
        if (dcs is not { } value || value is < 0 or > 255)
        {
            return new UssdDataCoding(dcs ?? 0, SmsEncoding.Gsm7, dcs is null ? null : (string?)null, false);
        }

        var group = value >> 4;
        var low = value & 0x0F;
        return group switch
        {
            0 => new UssdDataCoding(value, SmsEncoding.Gsm7, Group0[low], false),
            1 when low == 0 => new UssdDataCoding(value, SmsEncoding.Gsm7, null, true),
            1 when low == 1 => new UssdDataCoding(value, SmsEncoding.Ucs2, null, true),
            2 => new UssdDataCoding(value, SmsEncoding.Gsm7, low < Group2.Length ? Group2[low] : null, false),

            // 01xx and 1001 (with UDH): the general data coding bits 3..2 choose the alphabet, 11 reserved → 7-bit.
            >= 4 and <= 7 or 9 => new UssdDataCoding(value, Alphabet((value >> 2) & 0x03), null, false),
            0xF => new UssdDataCoding(value, (value & 0x04) != 0 ? SmsEncoding.EightBit : SmsEncoding.Gsm7, null, false),

            // 0011, 1000, 1010–1110 are reserved: "assumed to be the GSM 7 bit default alphabet".
            _ => new UssdDataCoding(value, SmsEncoding.Gsm7, null, false),
        };
    }

    private static SmsEncoding Alphabet(int bits) => bits switch
    {
        1 => SmsEncoding.EightBit,
        2 => SmsEncoding.Ucs2,
        _ => SmsEncoding.Gsm7,
    };
}
