namespace ReEngage.Gateway.Sms;

/// <summary>One part of a segmented text: a range of UTF-16 code units of the (prepared) text.</summary>
/// <param name="Start">Index of the first code unit.</param>
/// <param name="Length">Number of code units.</param>
/// <param name="Units">Septets (GSM-7) or UTF-16 code units (UCS-2) the part occupies.</param>
public readonly record struct SmsPartRange(int Start, int Length, int Units);

/// <summary>How a text is split into SMS parts.</summary>
/// <param name="Text">The text that is sent (after smart encoding, when it applied).</param>
/// <param name="Encoding">GSM-7 when every character fits, otherwise UCS-2.</param>
/// <param name="Parts">The parts, in order; one part for an empty text.</param>
/// <param name="UnitsPerPart">Capacity of each part: 160 / 70 for a single part, 153 / 67 (152 / 66 with a 16-bit reference) when concatenated.</param>
public sealed record SmsSegmentation(string Text, SmsEncoding Encoding, IReadOnlyList<SmsPartRange> Parts, int UnitsPerPart)
{
    /// <summary>True when the text needs a concatenation header.</summary>
    public bool IsConcatenated => Parts.Count > 1;

    /// <summary>The national language tables the GSM-7 parts use; the default alphabet unless one was allowed and saves parts.</summary>
    public NationalLanguageShift Shift { get; init; }

    /// <summary>Parts the text would take without national language tables (equal to the part count when none is used).</summary>
    public int PartsWithoutShift { get; init; }

    /// <summary>Septets or UCS-2 units of the whole text.</summary>
    public int UnitsUsed
    {
        get
        {
            var total = 0;
            foreach (var part in Parts)
            {
                total += part.Units;
            }

            return total;
        }
    }
}

/// <summary>
/// Chooses the encoding and splits a text into parts exactly as handsets count them: an extension
/// character costs two septets and its escape pair is never split; a surrogate pair (emoji) is never split.
/// </summary>
public static class SmsSegmenter
{
    /// <summary>Septets in a single GSM-7 part.</summary>
    public const int Gsm7SinglePart = 160;

    /// <summary>UCS-2 code units in a single part.</summary>
    public const int Ucs2SinglePart = 70;

    /// <summary>Capacity of a concatenated part for an encoding and reference size.</summary>
    public static int ConcatenatedCapacity(SmsEncoding encoding, ConcatenationReference reference)
    {
        var headerOctets = reference == ConcatenationReference.EightBit ? 6 : 7;
        return encoding switch
        {
            SmsEncoding.Gsm7 => Gsm7SinglePart - SeptetPacking.HeaderSeptets(headerOctets),
            SmsEncoding.Ucs2 => (140 - headerOctets) / 2,
            _ => 140 - headerOctets,
        };
    }

    /// <summary>
    /// Prepares the text: validates it, applies smart encoding when asked and when it makes the whole
    /// text GSM-7 (replacing look-alikes in a text that needs UCS-2 anyway would only degrade it).
    /// </summary>
    /// <exception cref="SmsEncodingException">The text holds a lone surrogate.</exception>
    public static string Prepare(string text, bool smartEncoding)
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowOnLoneSurrogate(text);
        if (smartEncoding && !GsmAlphabet.IsGsmText(text))
        {
            var replaced = SmartEncoding.Apply(text);
            if (GsmAlphabet.IsGsmText(replaced))
            {
                return replaced;
            }
        }

        return text;
    }

    /// <summary>
    /// Splits a text into parts. With <paramref name="nationalLanguages"/>, a national language locking
    /// or single shift table (23.038 §6.2.1.2.4) is used when it keeps the text in GSM-7 and so takes fewer
    /// parts than the default alphabet or UCS-2 would — only then, because a handset without the tables
    /// would show the wrong characters for nothing.
    /// </summary>
    /// <exception cref="SmsEncodingException">The text holds a lone surrogate.</exception>
    public static SmsSegmentation Segment(string text, bool smartEncoding = false, ConcatenationReference reference = ConcatenationReference.EightBit, IReadOnlyList<NationalLanguage>? nationalLanguages = null)
    {
        var prepared = Prepare(text, smartEncoding);
        var encoding = GsmAlphabet.IsGsmText(prepared) ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2;
        var best = encoding == SmsEncoding.Gsm7 ? SegmentGsm7(prepared, reference, NationalLanguageShift.Default) : SegmentUcs2(prepared, reference);
        var baseline = best.Parts.Count;
        if (nationalLanguages is { Count: > 0 })
        {
            foreach (var shift in NationalLanguageShift.Candidates(nationalLanguages))
            {
                if (!shift.IsDefault && shift.CountSeptets(prepared) >= 0)
                {
                    var candidate = SegmentGsm7(prepared, reference, shift);
                    if (candidate.Parts.Count < best.Parts.Count)
                    {
                        best = candidate;
                    }
                }
            }
        }

        return best with { PartsWithoutShift = baseline };
    }

    /// <summary>User data header octets (UDHL included) of a GSM-7 part; 0 when it needs none.</summary>
    internal static int Gsm7HeaderOctets(bool concatenated, ConcatenationReference reference, NationalLanguageShift shift)
    {
        var elements = (concatenated ? (reference == ConcatenationReference.EightBit ? 5 : 6) : 0) + shift.HeaderOctets;
        return elements == 0 ? 0 : elements + 1;
    }

    private static SmsSegmentation SegmentGsm7(string text, ConcatenationReference reference, NationalLanguageShift shift)
    {
        var total = shift.CountSeptets(text);
        var single = Gsm7SinglePart - SeptetPacking.HeaderSeptets(Gsm7HeaderOctets(false, reference, shift));
        if (total <= single)
        {
            return new SmsSegmentation(text, SmsEncoding.Gsm7, [new SmsPartRange(0, text.Length, total)], single) { Shift = shift };
        }

        var capacity = Gsm7SinglePart - SeptetPacking.HeaderSeptets(Gsm7HeaderOctets(true, reference, shift));
        var parts = new List<SmsPartRange>((total / capacity) + 1);
        int start = 0, units = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var cost = shift.SeptetCost(text[i]);
            if (units + cost > capacity)
            {
                parts.Add(new SmsPartRange(start, i - start, units));
                start = i;
                units = 0;
            }

            units += cost;
        }

        parts.Add(new SmsPartRange(start, text.Length - start, units));
        return new SmsSegmentation(text, SmsEncoding.Gsm7, parts, capacity) { Shift = shift };
    }

    private static SmsSegmentation SegmentUcs2(string text, ConcatenationReference reference)
    {
        if (text.Length <= Ucs2SinglePart)
        {
            return new SmsSegmentation(text, SmsEncoding.Ucs2, [new SmsPartRange(0, text.Length, text.Length)], Ucs2SinglePart);
        }

        var capacity = ConcatenatedCapacity(SmsEncoding.Ucs2, reference);
        var parts = new List<SmsPartRange>((text.Length / capacity) + 1);
        var start = 0;
        for (var i = 0; i < text.Length;)
        {
            var cost = char.IsHighSurrogate(text[i]) ? 2 : 1;
            if (i + cost - start > capacity)
            {
                parts.Add(new SmsPartRange(start, i - start, i - start));
                start = i;
            }

            i += cost;
        }

        parts.Add(new SmsPartRange(start, text.Length - start, text.Length - start));
        return new SmsSegmentation(text, SmsEncoding.Ucs2, parts, capacity);
    }

    internal static void ThrowOnLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                throw new SmsEncodingException(SmsEncodingError.LoneSurrogate, $"The text has an unpaired high surrogate (U+{(int)c:X4}) at position {i}: it is not valid Unicode.", i);
            }

            if (char.IsLowSurrogate(c))
            {
                throw new SmsEncodingException(SmsEncodingError.LoneSurrogate, $"The text has an unpaired low surrogate (U+{(int)c:X4}) at position {i}: it is not valid Unicode.", i);
            }
        }
    }
}
