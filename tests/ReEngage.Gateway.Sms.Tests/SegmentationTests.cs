
namespace ReEngage.Gateway.Sms.Tests;

public class SegmentationTests
{
    [Theory]
    [InlineData(0, 1, 160)]
    [InlineData(1, 1, 159)]
    [InlineData(153, 1, 7)]
    [InlineData(160, 1, 0)]
    [InlineData(161, 2, 145)]
    [InlineData(306, 2, 0)]
    [InlineData(307, 3, 152)]
    [InlineData(459, 3, 0)]
    [InlineData(460, 4, 152)]
    public void Gsm7_BoundaryLengths(int length, int parts, int left)
    {
        var count = SmsCounter.Count(new string('a', length), maxParts: 10);
        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.Equal(parts, count.Parts);
        Assert.Equal(left, count.UnitsLeftInLastPart);
        Assert.Equal(length, count.UnitsUsed);
    }

    [Theory]
    [InlineData(70, 1, 0)]
    [InlineData(71, 2, 63)]
    [InlineData(134, 2, 0)]
    [InlineData(135, 3, 66)]
    [InlineData(201, 3, 0)]
    public void Ucs2_BoundaryLengths(int length, int parts, int left)
    {
        var count = SmsCounter.Count(new string('ж', length), maxParts: 10);
        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(parts, count.Parts);
        Assert.Equal(left, count.UnitsLeftInLastPart);
    }

    [Fact]
    public void ExtensionCharacter_CostsTwoSeptets()
    {
        var count = SmsCounter.Count(new string('a', 158) + "€");
        Assert.Equal(1, count.Parts);
        Assert.Equal(160, count.UnitsUsed);
        Assert.Equal(2, SmsCounter.Count(new string('a', 159) + "€").Parts);
    }

    [Fact]
    public void EscapePair_IsNeverSplitAcrossParts()
    {
        var text = new string('a', 152) + "€" + new string('b', 10);
        var segmentation = SmsSegmenter.Segment(text);
        Assert.Equal(2, segmentation.Parts.Count);
        Assert.Equal(new SmsPartRange(0, 152, 152), segmentation.Parts[0]);
        Assert.Equal(new SmsPartRange(152, 11, 12), segmentation.Parts[1]);
    }

    [Fact]
    public void SurrogatePair_IsNeverSplitAcrossParts()
    {
        var text = new string('ж', 66) + "😀" + new string('ж', 10);
        var segmentation = SmsSegmenter.Segment(text);
        Assert.Equal(2, segmentation.Parts.Count);
        Assert.Equal(66, segmentation.Parts[0].Length);
        Assert.Equal("😀", text.Substring(segmentation.Parts[1].Start, 2));
    }

    [Fact]
    public void SixteenBitReference_LeavesOneUnitLessPerPart()
    {
        var eight = SmsSegmenter.Segment(new string('a', 306), reference: ConcatenationReference.EightBit);
        var sixteen = SmsSegmenter.Segment(new string('a', 306), reference: ConcatenationReference.SixteenBit);
        Assert.Equal(2, eight.Parts.Count);
        Assert.Equal(3, sixteen.Parts.Count);
        Assert.Equal(152, sixteen.UnitsPerPart);
        Assert.Equal(66, SmsSegmenter.ConcatenatedCapacity(SmsEncoding.Ucs2, ConcatenationReference.SixteenBit));
    }

    [Fact]
    public void Counter_ReportsTheCharactersThatForcedUcs2_OnceEach_WithEmojiWhole()
    {
        var count = SmsCounter.Count("Ciao ç ç 😀 ok ’");
        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(["ç", "😀", "’"], count.NonGsmCharacters);
        Assert.Equal(15, count.Characters);
    }

    [Fact]
    public void SmartEncoding_KeepsAMarketingTextInGsm7()
    {
        const string text = "It’s “50% off” — today only… don’t miss it!";
        Assert.Equal(SmsEncoding.Ucs2, SmsCounter.Count(text).Encoding);
        var smart = SmsCounter.Count(text, smartEncoding: true);
        Assert.Equal(SmsEncoding.Gsm7, smart.Encoding);
        Assert.True(smart.SmartEncodingApplied);
        Assert.Equal("It's \"50% off\" - today only... don't miss it!", smart.Text);
    }

    [Fact]
    public void SmartEncoding_LeavesTheTextAlone_WhenItNeedsUcs2Anyway()
    {
        const string text = "It’s 😀";
        var smart = SmsCounter.Count(text, smartEncoding: true);
        Assert.Equal(text, smart.Text);
        Assert.False(smart.SmartEncodingApplied);
    }

    [Fact]
    public void LoneSurrogate_IsRejectedWithItsPosition()
    {
        // Not [InlineData]: xunit would serialise the lone surrogates into U+FFFD.
        foreach (var (text, position) in new[] { ("a\uD83D", 1), ("\uDE00b", 0), ("\uD83D\uD83D\uDE00", 0) })
        {
            var ex = Assert.Throws<SmsEncodingException>(() => SmsCounter.Count(text));
            Assert.Equal(SmsEncodingError.LoneSurrogate, ex.Error);
            Assert.Equal(position, ex.Position);
            Assert.Throws<SmsEncodingException>(() => SmsSubmitEncoder.Encode("+391", text));
        }
    }

    [Fact]
    public void Counter_FlagsTextsOverThePartLimit()
    {
        var count = SmsCounter.Count(new string('a', 460));
        Assert.True(count.ExceedsMaxParts);
        var ex = Assert.Throws<SmsEncodingException>(() => SmsSubmitEncoder.Encode("+391", new string('a', 460)));
        Assert.Equal(SmsEncodingError.TooManyParts, ex.Error);
    }
}
