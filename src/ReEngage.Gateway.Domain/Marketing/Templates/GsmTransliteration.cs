using System.Globalization;
using System.Text;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// Letters outside the GSM alphabet in names become their base letter (Ș → S, ă → a, ł → l), letters the
/// alphabet has (é, ñ, ü) stay. One Romanian or Polish name must not switch a whole SMS to UCS-2 and
/// double its parts; the codec's own smart encoding only replaces punctuation.
/// </summary>
public static class GsmTransliteration
{
    public static string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (GsmAlphabet.IsGsmText(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(GsmAlphabet.IsGsmCharacter(c) ? c.ToString() : Base(c));
        }

        return SmartEncoding.Apply(builder.ToString());
    }

    private static string Base(char c)
    {
        switch (c)
        {
            case 'ł': return "l";
            case 'Ł': return "L";
            case 'đ': return "d";
            case 'Đ': return "D";
            case 'ß': return "ss";
        }

        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        var letters = new StringBuilder();
        foreach (var d in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
            {
                letters.Append(d);
            }
        }

        var result = letters.ToString();
        return GsmAlphabet.IsGsmText(result) ? result : c.ToString();
    }
}
