namespace ReEngage.Gateway.Sms;

/// <summary>
/// Decodes SMS-DELIVER, SMS-SUBMIT and SMS-STATUS-REPORT PDUs as modems print them (hex), with or
/// without the leading SMSC field. Bad input raises <see cref="PduFormatException"/> and nothing else.
/// </summary>
public static class PduDecoder
{
    /// <summary>
    /// Decodes a hex PDU. When <paramref name="tpduLength"/> (the length a modem prints with +CMGR,
    /// +CMT, +CDS or +CMGL) is given, it says whether an SMSC field is present; otherwise
    /// <paramref name="hasServiceCentre"/> does; with neither, both readings are tried and the one that
    /// accounts for every octet wins (a modem's reading, with the SMSC field, when both do).
    /// </summary>
    /// <exception cref="PduFormatException">The PDU is malformed.</exception>
    public static SmsPdu Decode(string hex, int? tpduLength = null, bool? hasServiceCentre = null)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return Decode(ParseHex(hex), tpduLength, hasServiceCentre);
    }

    /// <summary>Decodes PDU octets. See <see cref="Decode(string, int?, bool?)"/>.</summary>
    /// <exception cref="PduFormatException">The PDU is malformed.</exception>
    public static SmsPdu Decode(ReadOnlySpan<byte> pdu, int? tpduLength = null, bool? hasServiceCentre = null)
    {
        if (pdu.IsEmpty)
        {
            throw new PduFormatException(0, "the PDU is empty");
        }

        if (tpduLength is { } length)
        {
            if (length <= 0 || length > pdu.Length)
            {
                throw new PduFormatException(0, $"the stated TPDU length {length} does not fit a PDU of {pdu.Length} octets");
            }

            hasServiceCentre = length != pdu.Length;
        }

        if (hasServiceCentre is { } explicitSmsc)
        {
            return DecodeOnce(pdu, explicitSmsc, out _);
        }

        PduFormatException? withError = null;
        SmsPdu? withSmsc = null;
        try
        {
            withSmsc = DecodeOnce(pdu, true, out var exact);
            if (exact)
            {
                return withSmsc;
            }
        }
        catch (PduFormatException ex)
        {
            withError = ex;
        }

        try
        {
            var without = DecodeOnce(pdu, false, out var exact);
            if (exact || withSmsc is null)
            {
                return without;
            }
        }
        catch (PduFormatException) when (withSmsc is not null || withError is not null)
        {
            // The reading with an SMSC field is reported: it is what modems print.
        }

        return withSmsc ?? throw withError!;
    }

    /// <summary>Hex to octets; whitespace is ignored; anything else that is not hex is a format error.</summary>
    /// <exception cref="PduFormatException">The text is not hex.</exception>
    public static byte[] ParseHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var span = hex.AsSpan().Trim();
        Span<char> compact = span.Length <= 1024 ? stackalloc char[span.Length] : new char[span.Length];
        var n = 0;
        foreach (var c in span)
        {
            if (!char.IsWhiteSpace(c))
            {
                if (!char.IsAsciiHexDigit(c))
                {
                    throw new PduFormatException(n / 2, $"'{c}' is not a hexadecimal digit");
                }

                compact[n++] = c;
            }
        }

        if ((n & 1) != 0)
        {
            throw new PduFormatException(n / 2, "the hex string has an odd number of digits");
        }

        return Convert.FromHexString(compact[..n]);
    }

    private static SmsPdu DecodeOnce(ReadOnlySpan<byte> pdu, bool hasServiceCentre, out bool exact)
    {
        var reader = new PduReader(pdu);
        var smsc = hasServiceCentre ? SmsAddress.ReadServiceCentreField(ref reader) : null;
        var tpduStart = reader.Position;
        var first = reader.ReadByte("first octet");
        SmsPdu result = (first & 0x03) switch
        {
            0 => ReadDeliver(ref reader, first),
            1 => ReadSubmit(ref reader, first),
            2 => ReadStatusReport(ref reader, first),
            _ => throw new PduFormatException(tpduStart, "TP-MTI 3 is reserved"),
        };
        exact = reader.AtEnd;
        return result with { ServiceCentre = smsc, FirstOctet = first, TpduLength = pdu.Length - tpduStart };
    }

    private static SmsDeliver ReadDeliver(ref PduReader reader, byte first)
    {
        var originator = SmsAddress.ReadAddressField(ref reader, "TP-OA");
        var pid = reader.ReadByte("TP-PID");
        var dcs = DataCodingScheme.Parse(reader.ReadByte("TP-DCS"));
        var scts = ServiceCentreTimestamp.Read(reader.ReadBytes(ServiceCentreTimestamp.Length, "TP-SCTS"));
        var userData = ReadUserData(ref reader, dcs, (first & 0x40) != 0);
        return new SmsDeliver
        {
            Originator = originator,
            ProtocolIdentifier = pid,
            DataCoding = dcs,
            ServiceCentreTimestamp = scts,
            UserData = userData,
        };
    }

    private static SmsSubmit ReadSubmit(ref PduReader reader, byte first)
    {
        var mr = reader.ReadByte("TP-MR");
        var destination = SmsAddress.ReadAddressField(ref reader, "TP-DA");
        var pid = reader.ReadByte("TP-PID");
        var dcs = DataCodingScheme.Parse(reader.ReadByte("TP-DCS"));
        TimeSpan? validity = null;
        switch ((first >> 3) & 0x03)
        {
            case 2:
                validity = ValidityPeriod.FromRelative(reader.ReadByte("TP-VP"));
                break;
            case 1 or 3:
                reader.ReadBytes(7, "TP-VP");
                break;
        }

        var userData = ReadUserData(ref reader, dcs, (first & 0x40) != 0);
        return new SmsSubmit
        {
            MessageReference = mr,
            Destination = destination,
            ProtocolIdentifier = pid,
            DataCoding = dcs,
            ValidityPeriod = validity,
            UserData = userData,
        };
    }

    private static SmsStatusReport ReadStatusReport(ref PduReader reader, byte first)
    {
        var mr = reader.ReadByte("TP-MR");
        var recipient = SmsAddress.ReadAddressField(ref reader, "TP-RA");
        var scts = ServiceCentreTimestamp.Read(reader.ReadBytes(ServiceCentreTimestamp.Length, "TP-SCTS"));
        var discharge = ServiceCentreTimestamp.Read(reader.ReadBytes(ServiceCentreTimestamp.Length, "TP-DT"));
        var status = reader.ReadByte("TP-ST");
        SmsUserData? userData = null;

        // TP-PI and what it announces are optional; many SMSCs end the report with a bare PI of 00.
        if (!reader.AtEnd)
        {
            var pi = reader.ReadByte("TP-PI");
            var extension = pi;
            while ((extension & 0x80) != 0 && !reader.AtEnd)
            {
                extension = reader.ReadByte("TP-PI extension");
            }

            if ((pi & 0x01) != 0 && !reader.AtEnd)
            {
                reader.ReadByte("TP-PID");
            }

            var dcs = DataCodingScheme.Parse(0);
            if ((pi & 0x02) != 0 && !reader.AtEnd)
            {
                dcs = DataCodingScheme.Parse(reader.ReadByte("TP-DCS"));
            }

            if ((pi & 0x04) != 0 && !reader.AtEnd)
            {
                userData = ReadUserData(ref reader, dcs, (first & 0x40) != 0);
            }
        }

        return new SmsStatusReport
        {
            MessageReference = mr,
            Recipient = recipient,
            ServiceCentreTimestamp = scts,
            DischargeTime = discharge,
            Status = new DeliveryStatus(status),
            UserData = userData,
        };
    }

    private static SmsUserData ReadUserData(ref PduReader reader, DataCodingScheme dcs, bool hasHeader)
    {
        var udlOffset = reader.Offset;
        var udl = reader.ReadByte("TP-UDL");
        var gsm7 = dcs.Encoding == SmsEncoding.Gsm7;
        if (gsm7 ? udl > 160 : udl > 140)
        {
            throw new PduFormatException(udlOffset, gsm7 ? $"TP-UDL {udl} exceeds 160 septets" : $"TP-UDL {udl} exceeds 140 octets");
        }

        var dataOffset = reader.Offset;
        var data = reader.ReadBytes(gsm7 ? SeptetPacking.PackedLength(udl) : udl, "TP-UD");
        IReadOnlyList<InformationElement> elements = [];
        ConcatenationInfo? concatenation = null;
        var headerOctets = 0;
        if (hasHeader)
        {
            if (data.IsEmpty)
            {
                throw new PduFormatException(dataOffset, "TP-UDHI is set but the user data is empty");
            }

            headerOctets = data[0] + 1;
            if (headerOctets > data.Length)
            {
                throw new PduFormatException(dataOffset, $"the user data header length {data[0]} exceeds the user data");
            }

            (elements, concatenation) = UserDataHeader.Parse(data[1..headerOctets], dataOffset + 1);
        }

        switch (dcs.Encoding)
        {
            case SmsEncoding.Gsm7:
            {
                var skip = SeptetPacking.HeaderSeptets(headerOctets);
                if (skip > udl)
                {
                    throw new PduFormatException(udlOffset, $"TP-UDL {udl} septets is shorter than the {headerOctets}-octet header");
                }

                Span<byte> septets = stackalloc byte[udl];
                SeptetPacking.Unpack(data, udl, septets);
                var (locking, single) = UserDataHeader.Languages(elements);
                return new SmsUserData(SmsEncoding.Gsm7, GsmAlphabet.FromSeptets(septets[skip..], locking, single), null, concatenation, elements);
            }

            case SmsEncoding.Ucs2:
            {
                var body = data[headerOctets..];
                if ((body.Length & 1) != 0)
                {
                    throw new PduFormatException(dataOffset + headerOctets, $"UCS-2 user data has an odd length ({body.Length} octets)");
                }

                // UTF-16BE: lone surrogates are kept, because a sender may split a pair across parts
                // and reassembly joins them again.
                var chars = new char[body.Length / 2];
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = (char)((body[2 * i] << 8) | body[(2 * i) + 1]);
                }

                return new SmsUserData(SmsEncoding.Ucs2, new string(chars), null, concatenation, elements);
            }

            default:
            {
                var body = data[headerOctets..].ToArray();
                return new SmsUserData(SmsEncoding.EightBit, Convert.ToHexString(body), body, concatenation, elements);
            }
        }
    }
}
