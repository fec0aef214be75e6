using System.Text;

namespace ReEngage.Gateway.Smpp.Tests;

public class SmppDataCodingTests
{
    [Fact]
    public void Smsc_default_is_unpacked_gsm_03_38_with_the_extension_table()
    {
        // '@' is septet 0, '€' is ESC 0x65, 'è' is 0x04.
        Assert.True(SmppDataCoding.TryDecode(0x00, [0x00, 0x41, 0x1B, 0x65, 0x04], out var text, out _));
        Assert.Equal("@A€è", text);
        Assert.True(SmppDataCoding.TryDecode(0xF0, [0x48, 0x69], out var flash, out _));
        Assert.Equal("Hi", flash);
    }

    [Fact]
    public void Ia5_latin1_and_ucs2_are_read_as_their_charsets()
    {
        Assert.True(SmppDataCoding.TryDecode(0x01, "a@$_"u8, out var ascii, out _));
        Assert.Equal("a@$_", ascii);
        Assert.True(SmppDataCoding.TryDecode(0x03, [0xE9, 0xFC], out var latin, out _));
        Assert.Equal("éü", latin);
        Assert.True(SmppDataCoding.TryDecode(0x08, Encoding.BigEndianUnicode.GetBytes("Ciao 👋 Привет"), out var ucs2, out _));
        Assert.Equal("Ciao 👋 Привет", ucs2);
    }

    [Theory]
    [InlineData(0x00, new byte[] { 0x80 }, CommandStatus.InvalidDataCoding)]
    [InlineData(0x01, new byte[] { 0xC3 }, CommandStatus.InvalidDataCoding)]
    [InlineData(0x08, new byte[] { 0x00 }, CommandStatus.InvalidMessageLength)]
    [InlineData(0x04, new byte[] { 0x00 }, CommandStatus.InvalidDataCoding)]
    [InlineData(0xF4, new byte[] { 0x00 }, CommandStatus.InvalidDataCoding)]
    public void What_is_not_text_in_its_coding_gets_its_status(byte coding, byte[] octets, uint status)
    {
        Assert.False(SmppDataCoding.TryDecode(coding, octets, out _, out var actual));
        Assert.Equal(status, actual);
    }

    [Fact]
    public void Encoding_picks_gsm_when_it_can_and_ucs2_otherwise()
    {
        var (gsm, octets) = SmppDataCoding.Encode("Ciao €");
        Assert.Equal((byte)0x00, gsm);
        Assert.True(SmppDataCoding.TryDecode(gsm, octets, out var back, out _));
        Assert.Equal("Ciao €", back);
        Assert.Equal((byte)0x08, SmppDataCoding.Encode("Привет").DataCoding);
    }
}
