
namespace ReEngage.Gateway.Sms.Tests;

public class AlphabetAndPackingTests
{
    [Fact]
    public void Pack_HelloHello_MatchesTs23038Example()
    {
        Span<byte> septets = stackalloc byte[10];
        GsmAlphabet.ToSeptets("hellohello", septets);
        var packed = new byte[9];
        Assert.Equal(9, SeptetPacking.Pack(septets, packed));
        Assert.Equal("E8329BFD4697D9EC37", Convert.ToHexString(packed));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 7)]
    [InlineData(8, 7)]
    [InlineData(15, 14)]
    [InlineData(160, 140)]
    public void PackedLength_IsCeilingOfSevenEighths(int septets, int octets) => Assert.Equal(octets, SeptetPacking.PackedLength(septets));

    [Theory]
    [InlineData(6, 1, 7)]
    [InlineData(7, 0, 8)]
    [InlineData(0, 0, 0)]
    public void HeaderSeptetsAndFill_MatchTs23040(int headerOctets, int fill, int septets)
    {
        Assert.Equal(fill, SeptetPacking.FillBits(headerOctets));
        Assert.Equal(septets, SeptetPacking.HeaderSeptets(headerOctets));
    }

    [Fact]
    public void SevenSeptets_DoNotDecodeAsEightWithTrailingAt()
    {
        // 7 septets fill 49 bits: the 7 padding bits of the last octet must not become '@'.
        var message = SmsSubmitEncoder.Encode("+391234", "ABCDEFG");
        var decoded = Assert.IsType<SmsSubmit>(PduDecoder.Decode(message.Parts[0].Pdu));
        Assert.Equal("ABCDEFG", decoded.UserData.Text);
    }

    [Fact]
    public void AtSign_IsSeptetZero_AndSurvivesAtEveryPosition()
    {
        foreach (var text in new[] { "@", "@@@@@@@", "@@@@@@@@", "a@", "@a", new string('@', 160) })
        {
            var decoded = Assert.IsType<SmsSubmit>(PduDecoder.Decode(SmsSubmitEncoder.Encode("123", text).Parts[0].Pdu));
            Assert.Equal(text, decoded.UserData.Text);
        }
    }

    [Fact]
    public void EveryBasicAndExtensionCharacter_RoundTrips()
    {
        var all = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà\f^{}\\[~]|€";
        Assert.Equal(127 + 10, all.Length);
        Assert.True(GsmAlphabet.IsGsmText(all));
        var septets = new byte[300];
        var n = GsmAlphabet.ToSeptets(all, septets);
        Assert.Equal(127 + 20, n);
        Assert.Equal(all, GsmAlphabet.FromSeptets(septets.AsSpan(0, n)));
    }

    [Theory]
    [InlineData('€', 2)]
    [InlineData('[', 2)]
    [InlineData('\f', 2)]
    [InlineData('a', 1)]
    [InlineData('§', 1)]
    [InlineData('ç', 0)]
    [InlineData('`', 0)]
    [InlineData('\t', 0)]
    public void SeptetCost_IsTwoForExtensionCharacters(char c, int cost) => Assert.Equal(cost, GsmAlphabet.SeptetCost(c));

    [Fact]
    public void EscapeWithUnknownCode_DecodesAsBasicCharacter()
    {
        // ESC + 'A' (0x41) has no extension character: 23.038 says show the basic character.
        Assert.Equal("A", GsmAlphabet.FromSeptets([0x1B, 0x41]));
        Assert.Equal("x", GsmAlphabet.FromSeptets([0x78, 0x1B]));
    }
}
