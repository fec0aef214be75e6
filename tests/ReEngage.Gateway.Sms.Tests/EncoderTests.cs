
namespace ReEngage.Gateway.Sms.Tests;

public class EncoderTests
{
    [Fact]
    public void ConcatenatedGsm7_PartsCarryHeaderAndFillBits_AndDecodeBack()
    {
        var text = string.Concat(Enumerable.Range(0, 60).Select(i => $"w{i} ")) + "[€]";
        var message = SmsSubmitEncoder.Encode("+393331234567", text, new SmsSubmitOptions { Reference = 0xAB, StatusReport = true });
        Assert.True(message.Parts.Count > 1);
        var decoded = message.Parts.Select(p => Assert.IsType<SmsSubmit>(PduDecoder.Decode(p.Pdu))).ToList();
        Assert.All(decoded, d =>
        {
            Assert.True(d.StatusReportRequest);
            Assert.Equal("+393331234567", d.Destination.Number);
            Assert.Equal(0xAB, d.UserData.Concatenation!.Reference);
            Assert.Equal(message.Parts.Count, d.UserData.Concatenation.Total);
        });
        Assert.Equal(text, string.Concat(decoded.Select(d => d.UserData.Text)));
        Assert.Equal(Enumerable.Range(1, message.Parts.Count), decoded.Select(d => d.UserData.Concatenation!.Sequence));
        Assert.StartsWith("0071", message.Parts[0].Pdu, StringComparison.Ordinal); // SMSC 00, SUBMIT+VPF+SRR+UDHI
    }

    [Fact]
    public void TpduLength_IsThePduLengthWithoutTheSmscField()
    {
        var withSmsc = SmsSubmitEncoder.Encode("+391", "hi", new SmsSubmitOptions { ServiceCentre = "+393359609600" }).Parts[0];
        Assert.Equal((withSmsc.Pdu.Length / 2) - 8, withSmsc.TpduLength);
        var decoded = PduDecoder.Decode(withSmsc.Pdu, withSmsc.TpduLength);
        Assert.Equal("+393359609600", decoded.ServiceCentre?.Number);
    }

    [Fact]
    public void SixteenBitReference_WritesIe08()
    {
        var message = SmsSubmitEncoder.Encode("+391", new string('x', 200), new SmsSubmitOptions { ReferenceSize = ConcatenationReference.SixteenBit, Reference = 0x1234 });
        var first = Assert.IsType<SmsSubmit>(PduDecoder.Decode(message.Parts[0].Pdu));
        Assert.Equal(new ConcatenationInfo(0x1234, 2, 1, true), first.UserData.Concatenation);
        Assert.Equal(152, message.Parts[0].Units);
    }

    [Fact]
    public void Ucs2WithEmoji_RoundTrips_AndUsesDcs08()
    {
        var text = "Saldi 🎉 fino al 50% — сегодня! 😀" + new string('ё', 60);
        var message = SmsSubmitEncoder.Encode("+391", text);
        Assert.Equal(SmsEncoding.Ucs2, message.Encoding);
        var decoded = message.Parts.Select(p => Assert.IsType<SmsSubmit>(PduDecoder.Decode(p.Pdu))).ToList();
        Assert.All(decoded, d => Assert.Equal(0x08, d.DataCoding.Value));
        Assert.Equal(text, string.Concat(decoded.Select(d => d.UserData.Text)));
    }

    [Fact]
    public void FlashSms_SetsClassZero()
    {
        var decoded = Assert.IsType<SmsSubmit>(PduDecoder.Decode(SmsSubmitEncoder.Encode("+391", "now", new SmsSubmitOptions { Flash = true }).Parts[0].Pdu));
        Assert.Equal(0, decoded.DataCoding.MessageClass);
    }

    [Fact]
    public void NationalNumber_UsesTypeUnknownIsdn()
    {
        var decoded = Assert.IsType<SmsSubmit>(PduDecoder.Decode(SmsSubmitEncoder.Encode("0612345678", "x").Parts[0].Pdu));
        Assert.Equal("0612345678", decoded.Destination.Number);
        Assert.Equal(0x81, decoded.Destination.TypeOfAddress);
    }

    [Fact]
    public void StarAndHash_AreWrittenAsSemiOctetsAAndB()
    {
        var part = SmsSubmitEncoder.Encode("*123#", "x", new SmsSubmitOptions { ValidityPeriod = null }).Parts[0];
        Assert.Contains("05811A32FB", part.Pdu, StringComparison.Ordinal);
        Assert.Equal("*123#", Assert.IsType<SmsSubmit>(PduDecoder.Decode(part.Pdu)).Destination.Number);
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("+39 333 123")]
    [InlineData("abc")]
    [InlineData("+123456789012345678901")]
    public void InvalidDestination_IsRejected(string to)
    {
        var ex = Assert.Throws<SmsEncodingException>(() => SmsSubmitEncoder.Encode(to, "x"));
        Assert.Equal(SmsEncodingError.InvalidAddress, ex.Error);
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(60, 11)]
    [InlineData(12 * 60, 143)]
    [InlineData(24 * 60, 167)]
    [InlineData(47 * 60, 167)]
    [InlineData(2 * 24 * 60, 168)]
    [InlineData(30 * 24 * 60, 196)]
    [InlineData(34 * 24 * 60, 196)]
    [InlineData(35 * 24 * 60, 197)]
    [InlineData(500 * 24 * 60, 255)]
    public void ValidityPeriod_IsNeverLongerThanAsked(int minutes, int expected)
    {
        var octet = ValidityPeriod.ToRelative(TimeSpan.FromMinutes(minutes));
        Assert.Equal(expected, octet);
        if (minutes >= 5)
        {
            Assert.True(ValidityPeriod.FromRelative(octet) <= TimeSpan.FromMinutes(minutes));
        }
    }

    [Fact]
    public void EncodePart_DoesNotAllocate()
    {
        var options = new SmsSubmitOptions { StatusReport = true };
        Span<byte> buffer = stackalloc byte[SmsSubmitEncoder.MaxPduLength];
        var text = new string('a', 153);
        SmsSubmitEncoder.EncodePart("+393331234567", text, SmsEncoding.Gsm7, new SmsPartPosition(1, 3), options, buffer, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            SmsSubmitEncoder.EncodePart("+393331234567", text, SmsEncoding.Gsm7, new SmsPartPosition(1, 3), options, buffer, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
