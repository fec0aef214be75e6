using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>What a simulated SMSC does to PDUs: SUBMIT → DELIVER for the recipient, and the STATUS-REPORT for the sender.</summary>
internal static class SmscTransform
{
    /// <summary>The raw fields of a submitted TPDU that the SMSC needs.</summary>
    public sealed record SubmittedTpdu(byte FirstOctet, string Destination, byte ProtocolId, byte Dcs, byte[] UserDataWithLength)
    {
        public bool StatusReportRequested => (FirstOctet & 0x20) != 0;

        public bool HasHeader => (FirstOctet & 0x40) != 0;
    }

    /// <summary>Parses a TPDU (no SMSC field) as an SMSC would; our decoder validates it first.</summary>
    public static SubmittedTpdu ParseSubmit(byte[] tpdu)
    {
        var decoded = PduDecoder.Decode(tpdu, hasServiceCentre: false) as SmsSubmit
            ?? throw new PduFormatException(0, "not an SMS-SUBMIT");
        var p = 2; // first octet, TP-MR
        var digits = tpdu[p];
        p += 2 + ((digits + 1) / 2);
        var pid = tpdu[p++];
        var dcs = tpdu[p++];
        p += ((tpdu[0] >> 3) & 0x03) switch
        {
            2 => 1,
            1 or 3 => 7,
            _ => 0,
        };
        return new SubmittedTpdu(tpdu[0], decoded.Destination.Number, pid, dcs, tpdu[p..]);
    }

    /// <summary>Builds the SMS-DELIVER (with SMSC field) the recipient's modem receives.</summary>
    public static byte[] ToDeliver(SubmittedTpdu submit, string originator, string smsc, DateTimeOffset timestamp)
    {
        var pdu = new List<byte>(180);
        AppendServiceCentre(pdu, smsc);
        pdu.Add((byte)(0x04 | (submit.HasHeader ? 0x40 : 0))); // SMS-DELIVER, TP-MMS: no more messages
        AppendAddress(pdu, originator);
        pdu.Add(submit.ProtocolId);
        pdu.Add(submit.Dcs);
        AppendTimestamp(pdu, timestamp);
        pdu.AddRange(submit.UserDataWithLength);
        return [.. pdu];
    }

    /// <summary>Builds an SMS-STATUS-REPORT (with SMSC field) for a submitted part.</summary>
    public static byte[] ToStatusReport(int messageReference, string recipient, string smsc, DateTimeOffset submitted, DateTimeOffset discharged, byte status)
    {
        var pdu = new List<byte>(40);
        AppendServiceCentre(pdu, smsc);
        pdu.Add(0x06); // SMS-STATUS-REPORT, TP-MMS
        pdu.Add((byte)messageReference);
        AppendAddress(pdu, recipient);
        AppendTimestamp(pdu, submitted);
        AppendTimestamp(pdu, discharged);
        pdu.Add(status);
        pdu.Add(0x00); // TP-PI: nothing follows (as many SMSCs send it)
        return [.. pdu];
    }

    /// <summary>Builds SMS-DELIVER parts for a text, as if a handset had sent it.</summary>
    public static IReadOnlyList<byte[]> DeliverParts(string from, string text, string smsc, DateTimeOffset timestamp, int reference)
    {
        var message = SmsSubmitEncoder.Encode("+1", text, new SmsSubmitOptions { MaxParts = 255, Reference = reference & 0xFF, ValidityPeriod = null });
        return [.. message.Parts.Select(p => ToDeliver(ParseSubmit(Convert.FromHexString(p.Pdu)[1..]), from, smsc, timestamp))];
    }

    private static void AppendServiceCentre(List<byte> pdu, string smsc)
    {
        Span<byte> buffer = stackalloc byte[14];
        pdu.AddRange(buffer[..SmsAddress.WriteServiceCentreField(smsc, buffer)]);
    }

    private static void AppendAddress(List<byte> pdu, string number)
    {
        var digits = number.TrimStart('+');
        if (digits.Any(c => !char.IsAsciiDigit(c) && c is not ('*' or '#')))
        {
            // An alphanumeric sender ("MyShop"): TON 101, GSM-7 packed, length in semi-octets used.
            var septets = new byte[digits.Length * 2];
            var n = GsmAlphabet.ToSeptets(digits, septets);
            var packed = new byte[SeptetPacking.PackedLength(n)];
            SeptetPacking.Pack(septets.AsSpan(0, n), packed);
            pdu.Add((byte)(((n * 7) + 3) / 4));
            pdu.Add(0xD0);
            pdu.AddRange(packed);
            return;
        }

        Span<byte> buffer = stackalloc byte[14];
        pdu.AddRange(buffer[..SmsAddress.WriteAddressField(number, buffer)]);
    }

    private static void AppendTimestamp(List<byte> pdu, DateTimeOffset value)
    {
        Span<byte> buffer = stackalloc byte[ServiceCentreTimestamp.Length];
        ServiceCentreTimestamp.Write(value, buffer);
        pdu.AddRange(buffer);
    }
}
