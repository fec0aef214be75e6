using ReEngage.Gateway.Modem.At.Replies;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>The reply parsers' tricky paths, on inputs written from 27.005 / 27.007 / 23.038 for these tests.</summary>
public sealed class AtReplyParserTests
{
    [Fact]
    public void OperatorScan_SurvivesMisNesting_CommasInNames_LineBreaks_AndRangeLists()
    {
        string[] lines =
        [
            "+COPS: (2,\"Gamma, Ltd\",\"GAMMA\",\"00103\",7),(1,\"Delta\",\"DLT\",\"00104\"),2),",
            "(3,\"\",\"\",\"00105\"),,(0,1,2,3,4),(0-2)",
        ];
        var list = OperatorListParser.Parse(lines, TeCharset.Ira).Value!;
        Assert.Equal(
            [new NetworkOperator(2, "Gamma, Ltd", "GAMMA", "00103", 7), new NetworkOperator(1, "Delta", "DLT", "00104", 2), new NetworkOperator(3, null, null, "00105", null)],
            list);
    }

    [Fact]
    public void OperatorScan_DecodesUcs2Names_AndAListOfRangesOnlyIsEmpty()
    {
        var ucs2 = OperatorListParser.Parse(["+COPS: (1,\"004E00650074\",\"004E\",\"0030003000310030003100\",2)"], TeCharset.Ucs2).Value!;
        Assert.Equal(("Net", "N"), (ucs2[0].LongName, ucs2[0].ShortName));
        Assert.Equal("0030003000310030003100", ucs2[0].Numeric); // 22 hex digits: not UCS2, kept as sent
        Assert.Empty(OperatorListParser.Parse(["+COPS: (0-4),(0,1,2)"]).Value!);
        Assert.False(OperatorListParser.Parse(["+COPS: (1,\"Open"]).IsValid);
    }

    [Fact]
    public void OperatorSelection_WithAndWithoutAcT()
    {
        Assert.Equal(new OperatorSelection(0, 2, "00101", 7), OperatorSelectionParser.Parse(["+COPS: 0,2,\"00101\",7"]).Value);
        Assert.Equal(new OperatorSelection(2, null, null, null), OperatorSelectionParser.Parse(["+COPS: 2"]).Value);
    }

    [Theory]
    [InlineData("+CMGR: 1,,5", null, 1, "", 5)]
    [InlineData("+CMGR: 1,\"Mum\",5", null, 1, "Mum", 5)]
    [InlineData("+CMGR: 1,5", null, 1, null, 5)] // alpha and its comma dropped
    [InlineData("+CMGR: 5", null, null, null, 5)] // length alone
    [InlineData("+CMGR: ,,5", null, null, "", 5)] // empty stat
    [InlineData("+CMGR: 9,1,,5", 9, 1, "", 5)] // +CMGL-style header with the index
    public void CmgrPduHeaders_InEveryLayout(string header, int? index, int? stat, string? alpha, int length)
    {
        var message = MessageReadParser.ParsePdu([header, " 00040281F10000420110000000000141\" "]).Value!;
        Assert.Equal(new StoredPdu(index, stat, alpha, length, "00040281F10000420110000000000141"), message);
        Assert.Equal(15, message.TpduOctets); // 16 octets minus the empty SMSC field's length octet
    }

    [Fact]
    public void CmgrPdu_OnTheHeaderLine_AndWithoutAPdu()
    {
        Assert.Equal("0011AA", MessageReadParser.ParsePdu(["+CMGR: 0,,2 0011AA"]).Value!.Pdu);
        Assert.False(MessageReadParser.ParsePdu(["+CMGR: 0,,2"]).IsValid);
        Assert.True(MessageReadParser.ParsePdu(["OK"]).IsValid); // empty slot: absent, not invalid
        Assert.Null(new StoredPdu(null, 0, null, 3, "0AFF").TpduOctets); // SMSC length runs past the end
        Assert.Null(new StoredPdu(null, 0, null, 3, "00Z1").TpduOctets); // not hex
    }

    [Fact]
    public void CmglListing_WithAndWithoutAlpha()
    {
        var list = MessageListParser.Parse(["+CMGL: 3,0,,4", "00AABBCC", "+CMGL: 4,1,2", "00DD"]).Value!;
        Assert.Equal([new StoredPdu(3, 0, "", 4, "00AABBCC"), new StoredPdu(4, 1, null, 2, "00DD")], list);
        Assert.False(MessageListParser.Parse(["+CMGL: 3,0,,4", "+CMGL: 4,1,2", "00DD"]).IsValid);
        Assert.Empty(MessageListParser.Parse([]).Value!);
    }

    [Fact]
    public void CmgrTextMode_DeliverAndSubmit_WithCsdh()
    {
        var deliver = MessageReadParser.ParseText(["+CMGR: \"REC UNREAD\",\"+15550100\",\"Ann\",\"24/01/02,03:04:05+04\",145,4,0,0,\"+15550199\",145,9", "two", ".lines"]).Value!;
        Assert.Equal(("+15550100", "Ann", "24/01/02,03:04:05+04", 145, "+15550199", 9, "two\n.lines"), (deliver.Address, deliver.Alpha, deliver.Timestamp, deliver.AddressType, deliver.ServiceCentre, deliver.Length, deliver.Text));
        Assert.False(deliver.IsSubmit);

        var submit = MessageReadParser.ParseText(["+CMGR: \"STO SENT\",\"+15550100\",,129,17,0,8,\"24/02/03,04:05:06+00\",\"+15550199\",145,2", "Hi"]).Value!;
        Assert.True(submit.IsSubmit);
        Assert.Equal(("24/02/03,04:05:06+00", null, 8), (submit.ValidityPeriod, submit.RelativeValidityPeriod, submit.DataCoding));
        Assert.False(MessageReadParser.ParseText(["+CMGR: 1,,5"]).IsValid); // a PDU-mode header
    }

    [Fact]
    public void Cpms_AllThreeAnswers()
    {
        Assert.Equal(
            [new StorageUsage("SM", 4, 30), new StorageUsage("ME", 0, 99), new StorageUsage("SR", 1, 10)],
            MessageStorageParser.ParseQuery(["+CPMS: \"SM\",4,30,\"ME\",0,99,\"SR\",1,10"]).Value!);
        Assert.Equal([new StorageUsage(null, 4, 30), new StorageUsage(null, 4, 30)], MessageStorageParser.ParseSet(["+CPMS: 4,30,4,30", "+CPMS: 9,9"]).Value!);
        Assert.False(MessageStorageParser.ParseQuery(["+CPMS: \"SM\",x,30"]).IsValid);

        var supported = MessageStorageParser.ParseSupported(["+CPMS: (\"SM\", ME\",\"SR\"),\"SM\",()"]).Value!;
        Assert.Equal(["SM", "ME", "SR"], supported.Read);
        Assert.Equal(["SM"], supported.Write);
        Assert.Empty(supported.Receive);
        Assert.Equal(["SM", "ME", "SR"], supported.All);
    }

    [Fact]
    public void Cnmi_RangesExpand_AndGarbageIsRejected()
    {
        var s = MessageIndicationParser.ParseSupported(["+CNMI: (1-2),(0,2-3),(0),(0-2),(1)"]).Value!;
        Assert.Equal([[1, 2], [0, 2, 3], [0], [0, 1, 2], [1]], new[] { s.Mode, s.Mt, s.Bm, s.Ds, s.Bfr });
        Assert.False(MessageIndicationParser.ParseSupported(["+CNMI: (0-x)"]).IsValid);
        Assert.Equal(new StoredMessageIndication("+CDSI", "SR", 12), MessageIndicationParser.ParseIndication("+CDSI: \"SR\",12").Value);
    }

    [Fact]
    public void Ccfc_TellsEmptyQuotedFromOmitted()
    {
        var entries = CallForwardingParser.Parse(["+CCFC: 1,1,\"+15550100\",145,\"\",,20", "+CCFC: 0,2"]).Value!;
        Assert.Equal(new CallForwarding(true, 1, 1, "+15550100", 145, "", null, 20), entries[0]);
        Assert.Equal(new CallForwarding(false, 0, 2, null, null, null, null, null), entries[1]);
    }

    [Theory]
    [InlineData("+CSCA: \"+15550100\",145", TeCharset.Gsm, "+15550100")]
    [InlineData("+CSCA: \"15550100\",145", TeCharset.Gsm, "+15550100")] // 145 = international: the + is implied
    [InlineData("+CSCA: \"002B0031\",145", TeCharset.Ucs2, "+1")]
    [InlineData("+CSCA: 002B0031,145", TeCharset.Hex, "+1")] // UCS2 despite HEX
    [InlineData("+CSCA: \"15551234\",129", TeCharset.Ucs2, "15551234")] // 8 digits, but U+1555 is no dialling digit
    [InlineData("+CSCA: \"\",129", TeCharset.Ucs2, "")]
    public void Csca_DecodesOnlyWhatIsReallyUcs2(string line, TeCharset charset, string smsc)
    {
        Assert.Equal(smsc, ServiceCentreParser.Parse([line], charset).Value!.Address);
    }

    [Theory]
    [InlineData("\"89010203040506070809\"", "89010203040506070809")]
    [InlineData("+CCID: 98102030405060708090", "89010203040506070809")] // nibble-swapped as stored in EF_ICCID
    [InlineData("^ICCID: 981020304050607080F", null)] // odd length cannot be swapped octets
    [InlineData("98102030405060F7", null)] // 15 digits once unswapped: too short
    [InlineData("8901020304050607080F", "8901020304050607080")]
    [InlineData("8901020304050607080G", null)]
    [InlineData("1101020304050607080", null)] // MII 11 is not telecom
    public void Iccid_Normalised(string line, string? iccid)
    {
        var result = IccidParser.Parse([line]);
        if (iccid is null)
        {
            Assert.False(result.IsValid);
            return;
        }

        Assert.Equal(iccid, result.Value);
    }

    [Fact]
    public void Ussd_PackedHexFromHuaweiStyleModems_IsUnpacked_AndTheCrPadDropped()
    {
        var text = "Balance: 12.50 EUR, valid 7 days"; // 32 septets fill 28 octets exactly
        Assert.Equal(text, UssdParser.ParseLine($"+CUSD: 0,\"{Packed(text)}\",15", TeCharset.Gsm).Value!.Text);

        // 15 characters leave 7 spare bits in 14 octets: 23.038 §6.1.2.3.1 fills them with a CR, not text.
        Assert.Equal("Top up now, Ann", UssdParser.ParseLine($"+CUSD: 0,{Packed("Top up now, Ann\r")}", TeCharset.Gsm).Value!.Text);
        Assert.Equal("CAFE", UssdParser.ParseLine("+CUSD: 0,\"CAFE\",15", TeCharset.Gsm).Value!.Text); // short: plain text
    }

    [Fact]
    public void Ussd_DcsDecidesUcs2_LanguagePrefixes_AndGsmCodes()
    {
        Assert.Equal("Ψ ok", UssdParser.ParseLine("+CUSD: 0,\"03A80020006F006B\",72").Value!.Text);
        var withLanguage = UssdParser.ParseLine($"+CUSD: 2,\"{Convert.ToHexString(Packed2("en"))}00480069\",17").Value!;
        Assert.Equal(("Hi", "en"), (withLanguage.Text, withLanguage.Language));
        Assert.Equal(("Hallo", "de"), (UssdParser.ParseLine("+CUSD: 0,\"Hallo\",0").Value!.Text, UssdParser.ParseLine("+CUSD: 0,\"Hallo\",0").Value!.Language));
        Assert.Equal("§5", UssdParser.ParseLine("+CUSD: 1,\"_5\"", TeCharset.Gsm).Value!.Text); // 0x5F is § in GSM
        Assert.Equal("Hi", UssdParser.ParseLine("+CUSD: 1,\"0048006900000041\",15", TeCharset.Ucs2).Value!.Text); // stops at U+0000
        Assert.Equal(new UssdResponse(4, null, null, null, null), UssdParser.ParseLine("+CUSD: 4").Value);
        Assert.False(UssdParser.ParseLine("+CUSD: 1,\"open").IsValid);
        Assert.Equal("a\nb", UssdParser.Parse(["+CUSD: 1,\"a", "b\",15"], TeCharset.Ira).Value!.Text);
    }

    [Fact]
    public void IdentityAnswers_KeepWhatWasSent()
    {
        Assert.Equal("X  200", ModemInfoParser.Model(["+CGMM: \"X  200\" "]));
        Assert.Equal(["r1", "r2"], ModemInfoParser.Revision(["+CGMR: r1", " r2 "]));
        var labelled = ModemInfoParser.LabelledFields(["Model: I: Z-1", "Revision: 1.0: beta", "noise"]);
        Assert.Equal(("Z-1", "1.0: beta"), (labelled["model"], labelled["revision"]));
        Assert.Equal("SIM PIN", ModemInfoParser.PinCode(["+CPIN: \"SIM PIN\""]));
        Assert.Equal("UCS2", ModemInfoParser.CharacterSet(["+CSCS:\"UCS2\""]));
        Assert.Equal(-73, SignalQualityParser.Parse(["+CSQ: 20,99"]).Value!.Dbm);
        Assert.Null(SignalQualityParser.Parse(["+CSQ: 99,99"]).Value!.Dbm);
        Assert.Equal([new SubscriberNumber("", "+15550100", 145)], SubscriberNumberParser.Parse(["+CNUM: ,\"+15550100\",145"]).Value!);
    }

    private static string Packed(string text)
    {
        var septets = new byte[GsmAlphabet.CountSeptets(text)];
        GsmAlphabet.ToSeptets(text, septets);
        var octets = new byte[SeptetPacking.PackedLength(septets.Length)];
        SeptetPacking.Pack(septets, octets);
        return Convert.ToHexString(octets);
    }

    private static byte[] Packed2(string language) => Convert.FromHexString(Packed(language));
}
