using System.Text;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>Turns a +CUSD &lt;str&gt; into text per its coding scheme and the TE charset (27.007 §7.15).</summary>
internal static class UssdText
{
    // Below this a hex-looking <str> is more likely a plain answer ("1234", "CAFE") than packed septets.
    private const int MinPackedHexLength = 16;

    /// <summary>
    /// 27.007 §7.15: with a 7-bit &lt;dcs&gt; the ME converts the text to the TE charset (GSM codes, UCS2 hex,
    /// …); with 8-bit or UCS2 it sends each octet as two hex digits. Huawei E160-class modems send the hex
    /// of the packed septets instead, whatever the charset (Gammu's F_ENCODED_USSD): a 7-bit &lt;str&gt; that is
    /// long, even-length hex with at least one letter A–F, in a non-hex charset, is read that way.
    /// </summary>
    public static (string? Text, string? Language) Decode(string str, UssdDataCoding coding, TeCharset charset)
    {
        switch (coding.Encoding)
        {
            case SmsEncoding.Ucs2:
                return TeText.TryHexToBytes(str, out var octets) ? Ucs2(octets, coding) : (str, coding.Language);
            case SmsEncoding.EightBit:
                return (null, coding.Language);
        }

        string text;
        if (charset is TeCharset.Ucs2 && TeText.TryDecodeUcs2Hex(str, out var ucs2))
        {
            text = StopAtNul(ucs2);
        }
        else if (charset is not (TeCharset.Ucs2 or TeCharset.Hex) && LooksPacked(str) && TeText.TryHexToBytes(str, out var packed))
        {
            text = Unpack(packed);
        }
        else
        {
            text = TeText.Decode(str, charset is TeCharset.Unknown ? TeCharset.Gsm : charset);
        }

        if (coding.LanguageInText && text.Length >= 3 && text[2] == '\r')
        {
            // 0x10: "two GSM 7-bit characters of the language, then CR" precede the text.
            return (text[3..], text[..2].ToLowerInvariant());
        }

        return (text, coding.Language);
    }

    private static bool LooksPacked(string str)
    {
        if (str.Length < MinPackedHexLength || str.Length % 2 != 0 || !TeText.IsHex(str))
        {
            return false;
        }

        foreach (var c in str)
        {
            if (c is >= 'A' and <= 'F' or >= 'a' and <= 'f')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Unpacks 7-bit septets filling the octets. 23.038 §6.1.2.3.1: when the septets end 7 bits short of an
    /// octet boundary, a CR fills the gap; that pad is not text and is dropped.
    /// </summary>
    private static string Unpack(byte[] packed)
    {
        var count = packed.Length * 8 / 7;
        var septets = new byte[count];
        SeptetPacking.Unpack(packed, count, septets);
        if (count > 0 && count % 8 == 0 && septets[^1] == 0x0D)
        {
            count--;
        }

        return GsmAlphabet.FromSeptets(septets.AsSpan(0, count));
    }

    private static (string? Text, string? Language) Ucs2(byte[] octets, UssdDataCoding coding)
    {
        var start = 0;
        var language = coding.Language;
        if (coding.LanguageInText && octets.Length >= 2)
        {
            // 0x11: the language as two packed GSM 7-bit characters in the first two octets (23.038 §5).
            Span<byte> pair = stackalloc byte[2];
            SeptetPacking.Unpack(octets.AsSpan(0, 2), 2, pair);
            language = GsmAlphabet.FromSeptets(pair).ToLowerInvariant();
            start = 2;
        }

        var chars = new StringBuilder((octets.Length - start) / 2);
        for (var i = start; i + 1 < octets.Length; i += 2)
        {
            chars.Append((char)((octets[i] << 8) | octets[i + 1]));
        }

        return (StopAtNul(chars.ToString()), language);
    }

    // Modems copy a fixed USSD buffer: what follows a U+0000 is padding or garbage (Telit HE910, gammu #377).
    private static string StopAtNul(string text)
    {
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? text : text[..nul];
    }
}
