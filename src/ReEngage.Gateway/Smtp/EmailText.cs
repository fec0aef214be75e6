using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Smtp;

/// <summary>The SMS text a mail becomes, or why it cannot become one.</summary>
/// <param name="Text">The text to send (null when refused).</param>
/// <param name="Refusal">The reason for the bounce (null when there is a text).</param>
/// <param name="PartsBeforeCut">When the text was cut to fit, the parts it needed before; otherwise 0.</param>
/// <param name="Status">The enhanced status code of the refusal (RFC 3463): 5.3.4 too long, 5.6.0 no text.</param>
internal sealed record EmailTextResult(string? Text, string? Refusal, int PartsBeforeCut = 0, string Status = "5.6.0");

/// <summary>
/// Reads a mail as an SMS: the plain-text part (the HTML one converted when it is the only text), the signature
/// after "-- " dropped, the subject in front or not, and the whole held to Gateway:MaxParts. Pure: no I/O.
/// </summary>
internal static partial class EmailText
{
    public static EmailTextResult From(MimeMessage message, SmtpSubject subject, SmtpTooLong tooLong, int maxParts)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = Body(message);
        var title = subject == SmtpSubject.Prepend ? Tidy(message.Subject ?? "") : "";
        var text = (title.Length, body.Length) switch
        {
            (0, _) => body,
            (_, 0) => title,
            _ => title + "\n" + body,
        };

        if (text.Length == 0)
        {
            return new(null, subject == SmtpSubject.Prepend
                ? "The mail has no text: neither a text or HTML body nor a subject."
                : "The mail has no text in its body (Gateway:Smtp:Subject is Ignore, so the subject is not sent).");
        }

        var count = SmsCounter.Count(text, maxParts: maxParts);
        if (!count.ExceedsMaxParts)
        {
            return new(text, null);
        }

        if (tooLong == SmtpTooLong.Bounce)
        {
            return new(null, string.Create(CultureInfo.InvariantCulture,
                $"The text is too long for SMS: {count.Characters} characters need {count.Parts} parts ({count.Encoding}), at most {maxParts} are allowed (Gateway:MaxParts). Shorten it to about {count.UnitsPerPart * maxParts} characters."), Status: "5.3.4");
        }

        return new(Cut(text, maxParts), null, count.Parts);
    }

    /// <summary>The plain-text body, or the HTML one as text; line ends, trailing blanks and the signature tidied away.</summary>
    private static string Body(MimeMessage message)
    {
        var plain = message.TextBody;
        if (string.IsNullOrWhiteSpace(plain) && message.HtmlBody is { Length: > 0 } html)
        {
            plain = HtmlText.Convert(html);
        }

        return Tidy(WithoutSignature(plain ?? ""));
    }

    /// <summary>
    /// Drops everything from the signature delimiter on. RFC 3676's delimiter is "-- " alone on a line; "--" is
    /// taken too because many clients and relays strip the trailing space.
    /// </summary>
    private static string WithoutSignature(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var end = Array.FindIndex(lines, l => l is "-- " or "--");
        return end < 0 ? string.Join('\n', lines) : string.Join('\n', lines[..end]);
    }

    /// <summary>Trailing blanks off each line, at most one empty line in a row, nothing around the whole: SMS space is dear.</summary>
    private static string Tidy(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    /// <summary>The longest start of the text (whole characters) that fits in maxParts.</summary>
    private static string Cut(string text, int maxParts)
    {
        var elements = StringInfo.ParseCombiningCharacters(text);
        int low = 0, high = elements.Length;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            var candidate = Prefix(text, elements, middle);
            if (SmsCounter.Count(candidate, maxParts: maxParts).ExceedsMaxParts)
            {
                high = middle - 1;
            }
            else
            {
                low = middle;
            }
        }

        return Prefix(text, elements, low).TrimEnd();
    }

    private static string Prefix(string text, int[] elements, int count) => count >= elements.Length ? text : text[..elements[count]];

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
