
namespace ReEngage.Gateway.Sms.Tests;

public class MalformedPduTests
{
    public static readonly TheoryData<string> ValidPdus =
    [
        "07917248014000F506B70AA18092020000317071518590803170715185418000",
        "07914356060013F1065A098136395339F6219011700463802190117004638030",
        "07919730071111F10414D04937BD2C7797E9D3E614000811309291024061080442043504410442",
        "0591721891F1400781721881F800003160526104848059050003C30101916536FB1DCABEEB2074D85E064941B19CAB060319A5C522289C96D3D3ED32286C0FA7D96131BBEC024941B19CAB0603DDD36C36A88C87A7E565D0DB0D82C55EB0DB4B068BCD5C20",
        "0001000B917228001011F100000CC8329BFD065DDF72363904",
    ];

    [Theory]
    [MemberData(nameof(ValidPdus))]
    public void EveryTruncation_FailsWithPduFormatException_OrDecodesAShorterValidReading(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes.AsSpan(0, length).ToArray();
            var tpduLength = length - (bytes[0] + 1);
            var ex = Record.Exception(() => PduDecoder.Decode(prefix, tpduLength > 0 ? tpduLength : null, hasServiceCentre: tpduLength > 0 ? null : true));
            Assert.True(ex is null or PduFormatException, $"length {length}: {ex}");
        }
    }

    [Theory]
    [MemberData(nameof(ValidPdus))]
    public void EveryCorruptedOctet_FailsOnlyWithPduFormatException(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        foreach (var value in new byte[] { 0x00, 0x7F, 0x80, 0xFF })
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                var copy = (byte[])bytes.Clone();
                copy[i] = value;
                var ex = Record.Exception(() => PduDecoder.Decode(copy));
                Assert.True(ex is null or PduFormatException, $"octet {i} = {value:X2}: {ex}");
            }
        }
    }

    [Fact]
    public void RandomBytes_NeverThrowAnythingButPduFormatException()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            var ex = Record.Exception(() => PduDecoder.Decode(bytes));
            Assert.True(ex is null or PduFormatException, $"{Convert.ToHexString(bytes)}: {ex}");
        }
    }

    [Theory]
    [InlineData("", 0, "empty")]
    [InlineData("0G", 0, "not a hexadecimal digit")]
    [InlineData("000", 1, "odd number")]
    [InlineData("0004", 2, "TP-OA length")]
    [InlineData("0003", 1, "TP-MTI 3 is reserved")]
    [InlineData("00040B91", 4, "TP-OA needs 6 octets")]
    public void Errors_CarryOffsetAndReason(string hex, int offset, string reason)
    {
        var ex = Assert.Throws<PduFormatException>(() => PduDecoder.Decode(hex, hasServiceCentre: true));
        Assert.Equal(offset, ex.Offset);
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void UserDataLengthBeyondTheMaximum_IsRejected()
    {
        // Deliver, 7-bit, TP-UDL = 0xA1 (161 septets).
        var ex = Assert.Throws<PduFormatException>(() => PduDecoder.Decode("000403816121000011111111111100A1" + new string('0', 282), hasServiceCentre: true));
        Assert.Contains("exceeds 160 septets", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderLongerThanUserData_IsRejected()
    {
        // Deliver with UDHI, 8-bit DCS, UDL 3, UDHL 9.
        var ex = Assert.Throws<PduFormatException>(() => PduDecoder.Decode("00440381612100041111111111110003090003", hasServiceCentre: true));
        Assert.Contains("header length", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownInformationElements_AreSkipped_AndConcatenationStillFound()
    {
        // UDH: IE 0x70 (2 octets) then concat 8-bit ref 0x42, 2 parts, part 2. UDHL = 9. Then "hi" in UCS-2.
        const string pdu = "0044038161210008111111111111000E" + "09" + "70020102" + "0003420202" + "00680069";
        var deliver = Assert.IsType<SmsDeliver>(PduDecoder.Decode(pdu, hasServiceCentre: true));
        Assert.Equal("hi", deliver.UserData.Text);
        Assert.Equal(new ConcatenationInfo(0x42, 2, 2, false), deliver.UserData.Concatenation);
        Assert.Equal(2, deliver.UserData.Elements.Count);
    }

    [Fact]
    public void ConcatenationWithSequenceBeyondTotal_IsIgnoredAsTs23040Says()
    {
        const string pdu = "004403816121000811111111111100" + "0A" + "05" + "0003420203" + "00680069";
        var deliver = Assert.IsType<SmsDeliver>(PduDecoder.Decode(pdu, hasServiceCentre: true));
        Assert.Null(deliver.UserData.Concatenation);
        Assert.Equal("hi", deliver.UserData.Text);
    }

    [Fact]
    public void InvalidTimestamp_GivesNullNotAnInventedDate()
    {
        // SCTS month 0x31 → 13.
        var deliver = Assert.IsType<SmsDeliver>(PduDecoder.Decode("00040381612100001131111111110001C3", hasServiceCentre: true));
        Assert.Null(deliver.ServiceCentreTimestamp);
        Assert.Equal("C", deliver.UserData.Text);
    }

    [Fact]
    public void NegativeTimeZone_IsDecoded()
    {
        // 2024-01-02 03:04:05, TZ -5 h = -20 quarters → swapped "02" with sign bit → 0x0A.
        var deliver = Assert.IsType<SmsDeliver>(PduDecoder.Decode("0004038161210000" + "4210203040500A" + "01C3", hasServiceCentre: true));
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5)), deliver.ServiceCentreTimestamp);
    }

    [Fact]
    public void DcsGroupF_And8BitData_AreRecognised()
    {
        var deliver = Assert.IsType<SmsDeliver>(PduDecoder.Decode("000403816121" + "00F4" + "11111111111100" + "03" + "01020A", hasServiceCentre: true));
        Assert.Equal(SmsEncoding.EightBit, deliver.UserData.Encoding);
        Assert.Equal([0x01, 0x02, 0x0A], deliver.UserData.Data);
        Assert.Equal(0, deliver.DataCoding.MessageClass);
    }

    [Fact]
    public void StatusReport_WithTrailingParameterIndicatorZero_Decodes()
    {
        var report = Assert.IsType<SmsStatusReport>(PduDecoder.Decode("0006D60B911326880736F411101171955140111011719571400000", hasServiceCentre: true));
        Assert.Equal(214, report.MessageReference);
        Assert.Null(report.UserData);
    }

    [Theory]
    [InlineData(0x00, DeliveryOutcome.Delivered)]
    [InlineData(0x02, DeliveryOutcome.Delivered)]
    [InlineData(0x20, DeliveryOutcome.Pending)]
    [InlineData(0x3F, DeliveryOutcome.Pending)]
    [InlineData(0x40, DeliveryOutcome.Failed)]
    [InlineData(0x46, DeliveryOutcome.Failed)]
    [InlineData(0x61, DeliveryOutcome.Failed)]
    public void StatusValues_MapToOutcomes(byte value, DeliveryOutcome outcome)
    {
        var status = new DeliveryStatus(value);
        Assert.Equal(outcome, status.Outcome);
        Assert.False(string.IsNullOrEmpty(status.Description));
    }
}
