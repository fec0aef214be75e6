using System.Globalization;

namespace ReEngage.Gateway.Sms;

/// <summary>What a text costs as SMS: the figures an operator sees while typing.</summary>
/// <param name="Encoding">GSM-7 or UCS-2.</param>
/// <param name="Parts">Parts needed (1 for an empty text).</param>
/// <param name="UnitsUsed">Septets (GSM-7, extension characters count two) or UTF-16 units (UCS-2).</param>
/// <param name="UnitsPerPart">Capacity of one part at this length (160/153 or 70/67).</param>
/// <param name="UnitsLeftInLastPart">Room left in the last part before another part is needed.</param>
/// <param name="Characters">User-perceived characters (an emoji counts one).</param>
/// <param name="NonGsmCharacters">The distinct characters that forced UCS-2, in order of appearance.</param>
/// <param name="MaxParts">The part limit the count was checked against.</param>
/// <param name="SmartEncodingApplied">True when look-alike replacement made the text GSM-7.</param>
/// <param name="Text">The text as it would be sent.</param>
public sealed record SmsCount(
    SmsEncoding Encoding,
    int Parts,
    int UnitsUsed,
    int UnitsPerPart,
    int UnitsLeftInLastPart,
    int Characters,
    IReadOnlyList<string> NonGsmCharacters,
    int MaxParts,
    bool SmartEncodingApplied,
    string Text)
{
    /// <summary>True when the text needs more parts than allowed.</summary>
    public bool ExceedsMaxParts => Parts > MaxParts;

    /// <summary>The national language tables the count assumes (the default alphabet unless allowed and saving parts).</summary>
    public NationalLanguageShift Shift { get; init; }

    /// <summary>Parts without national language tables: what the tables save is this less <see cref="Parts"/>.</summary>
    public int PartsWithoutShift { get; init; }

    /// <summary>Parts the national language tables save (0 when none is used).</summary>
    public int PartsSaved => PartsWithoutShift - Parts;
}

/// <summary>Counts parts and units exactly as the encoder will send them.</summary>
public static class SmsCounter
{
    /// <summary>The default limit on parts for one message.</summary>
    public const int DefaultMaxParts = 3;

    /// <summary>Counts a text.</summary>
    /// <exception cref="SmsEncodingException">The text holds a lone surrogate.</exception>
    public static SmsCount Count(string text, bool smartEncoding = false, int maxParts = DefaultMaxParts, ConcatenationReference reference = ConcatenationReference.EightBit, IReadOnlyList<NationalLanguage>? nationalLanguages = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segmentation = SmsSegmenter.Segment(text, smartEncoding, reference, nationalLanguages);
        var last = segmentation.Parts[^1];
        return new SmsCount(
            segmentation.Encoding,
            segmentation.Parts.Count,
            segmentation.UnitsUsed,
            segmentation.UnitsPerPart,
            segmentation.UnitsPerPart - last.Units,
            new StringInfo(segmentation.Text).LengthInTextElements,
            segmentation.Encoding == SmsEncoding.Ucs2 ? NonGsmCharacters(segmentation.Text) : [],
            maxParts,
            !ReferenceEquals(segmentation.Text, text),
            segmentation.Text)
        {
            Shift = segmentation.Shift,
            PartsWithoutShift = segmentation.PartsWithoutShift,
        };
    }

    /// <summary>The distinct characters (whole surrogate pairs) that are not in the GSM 7-bit alphabet.</summary>
    public static IReadOnlyList<string> NonGsmCharacters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<string>? found = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (GsmAlphabet.IsGsmCharacter(text[i]))
            {
                continue;
            }

            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var character = text.Substring(i, width);
            found ??= [];
            if (!found.Contains(character))
            {
                found.Add(character);
            }

            i += width - 1;
        }

        return found ?? (IReadOnlyList<string>)[];
    }
}
