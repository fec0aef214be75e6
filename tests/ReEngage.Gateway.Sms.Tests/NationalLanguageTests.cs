namespace ReEngage.Gateway.Sms.Tests;

/// <summary>23.038 national language shift tables (IEs 0x24 / 0x25) and alphanumeric senders.</summary>
public class NationalLanguageTests
{
    [Fact]
    public void Deliver_WithTurkishSingleShift_ReadsDotlessIAndBreveG()
    {
        // ESC 0x69 = ı, ESC 0x67 = ğ, ESC 0x73 = ş in the Turkish single shift table (A.2.1).
        var pdu = Deliver([0x24, 0x01, 0x01], [0x1B, 0x69, 0x1B, 0x67, 0x1B, 0x73]);
        var deliver = Assert.IsType<SmsDeliver>(PduDecoder.Decode(pdu));
        Assert.Equal("ığş", deliver.UserData.Text);
    }

    [Fact]
    public void Deliver_WithPortugueseLockingShift_ReadsTheLockingTable()
    {
        // Portuguese locking shift (A.3.3): 0x04 ê, 0x07 í, 0x7B ã, 0x7C õ; 'a' stays at 0x61.
        var pdu = Deliver([0x25, 0x01, 0x03], [0x04, 0x07, 0x61, 0x7B, 0x7C]);
        Assert.Equal("êíaãõ", Assert.IsType<SmsDeliver>(PduDecoder.Decode(pdu)).UserData.Text);
    }

    [Fact]
    public void Deliver_WithHindiLockingAndSingleShift_AfterAConcatenationIe()
    {
        // Hindi locking shift (A.3.6) 0x15 = क, 0x20 space; Hindi single shift (A.2.6) ESC 0x1C = ०.
        var pdu = Deliver([0x00, 0x03, 0x07, 0x01, 0x01, 0x24, 0x01, 0x06, 0x25, 0x01, 0x06], [0x15, 0x20, 0x1B, 0x1C]);
        var deliver = Assert.IsType<SmsDeliver>(PduDecoder.Decode(pdu));
        Assert.Equal("क ०", deliver.UserData.Text);
        Assert.Equal(7, deliver.UserData.Concatenation?.Reference);
    }

    [Fact]
    public void Deliver_WithAnUnknownLanguage_FallsBackToTheDefaultAlphabet()
    {
        var pdu = Deliver([0x25, 0x01, 0x63, 0x24, 0x01, 0x63], [0x48, 0x69, 0x1B, 0x65]);
        Assert.Equal("Hi€", Assert.IsType<SmsDeliver>(PduDecoder.Decode(pdu)).UserData.Text);
    }

    [Fact]
    public void SingleShift_UndefinedCode_ShowsTheLockingTablesCharacter()
    {
        // Turkish single shift leaves 0x41 undefined: 23.038 says show the (locking) table's own character.
        Assert.Equal("A", GsmAlphabet.FromSeptets([0x1B, 0x41], NationalLanguage.Turkish, NationalLanguage.Turkish));
    }

    [Theory]
    [InlineData(NationalLanguage.Turkish, 0x07, "ı")]
    [InlineData(NationalLanguage.Bengali, 0x03, "অ")]
    [InlineData(NationalLanguage.Gujarati, 0x03, "અ")]
    [InlineData(NationalLanguage.Hindi, 0x03, "अ")]
    [InlineData(NationalLanguage.Kannada, 0x03, "ಅ")]
    [InlineData(NationalLanguage.Malayalam, 0x03, "അ")]
    [InlineData(NationalLanguage.Oriya, 0x03, "ଅ")]
    [InlineData(NationalLanguage.Punjabi, 0x03, "ਅ")]
    [InlineData(NationalLanguage.Tamil, 0x03, "அ")]
    [InlineData(NationalLanguage.Telugu, 0x03, "అ")]
    [InlineData(NationalLanguage.Urdu, 0x00, "ا")]
    public void EveryLockingShiftTable_IsThere(NationalLanguage language, byte septet, string expected) =>
        Assert.Equal(expected, GsmAlphabet.FromSeptets([septet], language, NationalLanguage.None));

    [Fact]
    public void EveryTable_Has128Positions_AndAnEscapeAt0x1B()
    {
        for (var language = 1; language <= 13; language++)
        {
            Assert.Equal(128, NationalLanguageTables.SingleShift[language]!.Length);
            if (NationalLanguageTables.Locking[language] is { } locking)
            {
                Assert.Equal(128, locking.Length);
                Assert.Equal('\u001B', locking[0x1B]);
                Assert.Equal(' ', locking[0x20]);
            }
        }

        Assert.Null(NationalLanguageTables.Locking[(int)NationalLanguage.Spanish]);
    }

    [Theory]
    [InlineData("04D01100", "_@")] // CPHS voicemail indication: septets 0x11 0x00
    [InlineData("04D01000", "Δ@")]
    [InlineData("14D04937BD2C7797E9D3E614", "InternetSMS")]
    public void AlphanumericSender_EveryWholeSeptetCounts_ATrailingAtIsKept(string originator, string expected)
    {
        // 4 useful semi-octets = 16 bits = two whole septets: the second, 0x00, is "@", not padding.
        var pdu = "00" + "04" + originator + "0000" + "60606271711180" + "0120";
        Assert.Equal(expected, Assert.IsType<SmsDeliver>(PduDecoder.Decode(pdu)).Originator.Number);
    }

    // An SMS-DELIVER (no SMSC field) from +393331234567 with a user data header and GSM-7 septets.
    internal static string Deliver(byte[] header, byte[] septets)
    {
        var headerOctets = header.Length + 1;
        var fill = SeptetPacking.FillBits(headerOctets);
        var packed = new byte[SeptetPacking.PackedLength(septets.Length, fill)];
        var written = SeptetPacking.Pack(septets, packed, fill);
        var udl = SeptetPacking.HeaderSeptets(headerOctets) + septets.Length;
        var ud = new[] { (byte)header.Length }.Concat(header).Concat(packed[..written]).ToArray();
        return "00" + "40" + "0C91933313325476" + "0000" + "52111211000040" + udl.ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + Convert.ToHexString(ud);
    }
}
