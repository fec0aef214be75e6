using System.Text;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>The TE character set chosen with AT+CSCS (27.007 §5.5), which decides how string parameters read.</summary>
public enum TeCharset
{
    /// <summary>Not known: strings are taken as sent.</summary>
    Unknown,

    /// <summary>"GSM": each character is a GSM 7-bit default alphabet code (23.038 §6.2.1).</summary>
    Gsm,

    /// <summary>"UCS2": each character is four hex digits of a UTF-16 code unit.</summary>
    Ucs2,

    /// <summary>"HEX": each ME character is two hex digits.</summary>
    Hex,

    /// <summary>"IRA" (T.50, i.e. ASCII) and other byte-for-character sets (8859-n, PCCP437, UTF-8 as ASCII).</summary>
    Ira,
}

/// <summary>Reads string parameters per the TE character set (27.007 §5.5 +CSCS).</summary>
public static class TeText
{
    /// <summary>The charset named by AT+CSCS ("GSM", "UCS2", …); <see cref="TeCharset.Unknown"/> for null or unknown names.</summary>
    public static TeCharset ParseCharset(string? name) => name?.Trim().Trim('"').ToUpperInvariant() switch
    {
        "GSM" => TeCharset.Gsm,
        "UCS2" => TeCharset.Ucs2,
        "HEX" => TeCharset.Hex,
        "IRA" or "ASCII" or "8859-1" or "PCCP437" or "PCDN" or "UTF-8" => TeCharset.Ira,
        _ => TeCharset.Unknown,
    };

    /// <summary>
    /// Decodes a string parameter. GSM maps each code through the default alphabet ("@" is code 0x40,
    /// "¡"; "{" is 0x7B, "ä"). UCS2 and HEX decode only when the text is well-formed hex of the right
    /// length: modems in UCS2 mode still send some strings plain (Gammu's at-smsc/02), and leaving
    /// those alone is safer than inventing characters.
    /// </summary>
    public static string Decode(string value, TeCharset charset)
    {
        ArgumentNullException.ThrowIfNull(value);
        return charset switch
        {
            TeCharset.Gsm => FromGsmCodes(value),
            TeCharset.Ucs2 => TryDecodeUcs2Hex(value, out var text) ? text : value,
            TeCharset.Hex => TryDecodeHexGsm(value, out var text) ? text : value,
            _ => value,
        };
    }

    /// <summary>Maps each character, taken as a GSM 7-bit code, through the default alphabet and its escapes.</summary>
    public static string FromGsmCodes(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var septets = new byte[value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] > 0x7F)
            {
                return value; // not GSM codes: already text
            }

            septets[i] = (byte)value[i];
        }

        return GsmAlphabet.FromSeptets(septets);
    }

    /// <summary>
    /// UCS2 hex (four hex digits per UTF-16 code unit, big-endian) to text. False when the text is not
    /// hex or its length is not a multiple of four.
    /// </summary>
    public static bool TryDecodeUcs2Hex(string hex, out string text)
    {
        ArgumentNullException.ThrowIfNull(hex);
        text = hex;
        if (hex.Length == 0 || hex.Length % 4 != 0 || !IsHex(hex))
        {
            return false;
        }

        var builder = new StringBuilder(hex.Length / 4);
        for (var i = 0; i < hex.Length; i += 4)
        {
            builder.Append((char)Convert.ToUInt16(hex.Substring(i, 4), 16));
        }

        text = builder.ToString();
        return true;
    }

    /// <summary>True when every character is a hex digit (and there is at least one).</summary>
    public static bool IsHex(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Hex to octets; false when not hex or of odd length.</summary>
    public static bool TryHexToBytes(string hex, out byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(hex);
        bytes = [];
        if (hex.Length % 2 != 0 || !IsHex(hex))
        {
            return false;
        }

        bytes = Convert.FromHexString(hex);
        return true;
    }

    private static bool TryDecodeHexGsm(string hex, out string text)
    {
        text = hex;
        if (!TryHexToBytes(hex, out var bytes))
        {
            return false;
        }

        foreach (var b in bytes)
        {
            if (b > 0x7F)
            {
                return false;
            }
        }

        text = GsmAlphabet.FromSeptets(bytes);
        return true;
    }
}
