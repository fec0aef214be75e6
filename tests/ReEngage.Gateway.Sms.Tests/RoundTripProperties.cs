using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ReEngage.Gateway.Sms.Tests;

/// <summary>Texts built from the characters that break SMS codecs, at the lengths where parts split.</summary>
public static class SmsTextGenerators
{
    private static readonly string[] Atoms =
    [
        "a", "Z", "0", " ", "@", "\n", "\r", "£", "§", "¿", "Ä", "ñ", "à", "Δ", "Ω",
        "€", "[", "]", "{", "}", "\\", "^", "~", "|", "\f",
    ];

    private static readonly string[] NonGsmAtoms = ["ç", "á", "ж", "中", "’", "—", "😀", "🎉", "👍🏽", "\u00A0"];

    private static readonly int[] BoundaryLengths = [0, 1, 66, 67, 68, 69, 70, 71, 133, 134, 135, 152, 153, 154, 159, 160, 161, 201, 202, 305, 306, 307, 458, 459, 460];

    public static Gen<string> Gsm7Text() =>
        from length in Gen.OneOf(Gen.Elements(BoundaryLengths), Gen.Choose(0, 470))
        from atoms in Gen.ArrayOf(Gen.Elements(Atoms), length)
        select TrimToSeptets(string.Concat(atoms), length);

    public static Gen<string> AnyText() =>
        from gsm in Gsm7Text()
        from count in Gen.Choose(0, 4)
        from extra in Gen.ArrayOf(Gen.Elements(NonGsmAtoms), count)
        from position in Gen.Choose(0, gsm.Length)
        select gsm.Length > 200 ? gsm : gsm.Insert(position, string.Concat(extra));

    public static Arbitrary<string> Texts() => Arb.From(Gen.OneOf(Gsm7Text(), AnyText()));

    // A text whose septet count is exactly the boundary (where extension characters allow).
    private static string TrimToSeptets(string text, int septets)
    {
        var total = 0;
        for (var i = 0; i < text.Length; i++)
        {
            total += GsmAlphabet.SeptetCost(text[i]);
            if (total > septets)
            {
                return text[..i];
            }
        }

        return text;
    }
}

public class RoundTripProperties
{
    [Property(Arbitrary = [typeof(SmsTextGenerators)], MaxTest = 1000)]
    public bool EncodeThenDecode_GivesBackTheText_InPartsThatFit(string text)
    {
        var message = SmsSubmitEncoder.Encode("+393331234567", text, new SmsSubmitOptions { MaxParts = 10, Reference = text.Length % 256 });
        var count = SmsCounter.Count(text, maxParts: 10);
        var parts = message.Parts.Select(p => (Submit: Assert.IsType<SmsSubmit>(PduDecoder.Decode(p.Pdu, p.TpduLength)), Encoded: p)).ToList();

        var joined = string.Concat(parts.Select(p => p.Submit.UserData.Text));
        var consistentHeaders = parts.Count == 1
            ? parts[0].Submit.UserData.Concatenation is null
            : parts.Select((p, i) => p.Submit.UserData.Concatenation == new ConcatenationInfo(text.Length % 256, parts.Count, i + 1, false)).All(x => x);
        var fits = parts.All(p => p.Encoded.Units <= (parts.Count == 1 ? (message.Encoding == SmsEncoding.Gsm7 ? 160 : 70) : (message.Encoding == SmsEncoding.Gsm7 ? 153 : 67)));
        var noSplitPair = parts.All(p => p.Submit.UserData.Text.Length == 0 || !char.IsHighSurrogate(p.Submit.UserData.Text[^1]));
        var encodingMatches = message.Encoding == (GsmAlphabet.IsGsmText(text) ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2);
        return joined == text && consistentHeaders && fits && noSplitPair && encodingMatches && count.Parts == parts.Count && count.Encoding == message.Encoding;
    }

    [Property(Arbitrary = [typeof(SmsTextGenerators)], MaxTest = 500)]
    public bool Counter_UnitsAddUp(string text)
    {
        var count = SmsCounter.Count(text, maxParts: 10);
        var expectedUnits = count.Encoding == SmsEncoding.Gsm7 ? GsmAlphabet.CountSeptets(text) : text.Length;
        return count.UnitsUsed == expectedUnits && count.UnitsLeftInLastPart >= 0 && count.UnitsLeftInLastPart < count.UnitsPerPart + (count.UnitsUsed == 0 ? 1 : 0);
    }

    [Property(MaxTest = 300)]
    public bool Septets_PackAndUnpack_AtEveryFillOffset(byte[] raw, byte fill)
    {
        var septets = raw.Take(160).Select(b => (byte)(b & 0x7F)).ToArray();
        var fillBits = fill % 7;
        var packed = new byte[SeptetPacking.PackedLength(septets.Length, fillBits)];
        SeptetPacking.Pack(septets, packed, fillBits);
        var unpacked = new byte[septets.Length];
        SeptetPacking.Unpack(packed, septets.Length, unpacked, fillBits);
        return unpacked.SequenceEqual(septets);
    }
}
