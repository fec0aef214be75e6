using System.Text;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// data_coding (§5.2.19) to and from .NET text: 0 (the SMSC default alphabet, which here is GSM 03.38,
/// one septet per octet, unpacked), 1 (IA5/ASCII), 3 (Latin-1), 8 (UCS-2 big-endian) and 0xF0–0xF3
/// (GSM 7-bit with a message class). Anything else is not text the gateway can send: ESME_RINVDCS.
/// </summary>
public static class SmppDataCoding
{
    public const byte SmscDefault = 0x00;
    public const byte Ia5 = 0x01;
    public const byte Latin1 = 0x03;
    public const byte Ucs2 = 0x08;
    public const byte GsmClass0 = 0xF0;

    /// <summary>True for the codings <see cref="TryDecode"/> reads.</summary>
    public static bool IsSupported(byte dataCoding) => dataCoding is SmscDefault or Ia5 or Latin1 or Ucs2 || IsGsmWithClass(dataCoding);

    /// <summary>Decodes user data (its UDH already removed). False with the status to answer when it is not valid in that coding.</summary>
    public static bool TryDecode(byte dataCoding, ReadOnlySpan<byte> octets, out string text, out uint status)
    {
        text = "";
        status = CommandStatus.Ok;
        if (dataCoding == SmscDefault || IsGsmWithClass(dataCoding))
        {
            if (octets.ContainsAnyInRange((byte)0x80, (byte)0xFF))
            {
                status = CommandStatus.InvalidDataCoding;
                return false;
            }

            text = GsmAlphabet.FromSeptets(octets);
            return true;
        }

        switch (dataCoding)
        {
            case Ia5:
                if (octets.ContainsAnyInRange((byte)0x80, (byte)0xFF))
                {
                    status = CommandStatus.InvalidDataCoding;
                    return false;
                }

                text = Encoding.ASCII.GetString(octets);
                return true;
            case Latin1:
                text = Encoding.Latin1.GetString(octets);
                return true;
            case Ucs2:
                if (octets.Length % 2 != 0)
                {
                    status = CommandStatus.InvalidMessageLength;
                    return false;
                }

                text = Encoding.BigEndianUnicode.GetString(octets);
                return true;
            default:
                status = CommandStatus.InvalidDataCoding;
                return false;
        }
    }

    /// <summary>The data_coding and octets for text sent to a client: GSM 03.38 when every character has a septet, else UCS-2.</summary>
    public static (byte DataCoding, byte[] Octets) Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var septets = GsmAlphabet.CountSeptets(text);
        if (septets >= 0)
        {
            var octets = new byte[septets];
            GsmAlphabet.ToSeptets(text, octets);
            return (SmscDefault, octets);
        }

        return (Ucs2, Encoding.BigEndianUnicode.GetBytes(text));
    }

    // Coding group 1111 (23.038 §4): bit 2 clear is the GSM default alphabet, bits 0–1 the class.
    private static bool IsGsmWithClass(byte dataCoding) => (dataCoding & 0xF4) == 0xF0;
}
