using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ReEngage.Gateway.Smpp;

/// <summary>message_state values (§5.3.2.35), carried by the message_state parameter of a receipt.</summary>
public static class MessageState
{
    public const byte Enroute = 1;
    public const byte Delivered = 2;
    public const byte Expired = 3;
    public const byte Deleted = 4;
    public const byte Undeliverable = 5;
    public const byte Accepted = 6;
    public const byte Unknown = 7;
    public const byte Rejected = 8;

    /// <summary>The receipt text's stat word for a state (Appendix B).</summary>
    public static string StatWord(byte state) => state switch
    {
        Enroute => "ENROUTE",
        Delivered => "DELIVRD",
        Expired => "EXPIRED",
        Deleted => "DELETED",
        Undeliverable => "UNDELIV",
        Accepted => "ACCEPTD",
        Rejected => "REJECTD",
        _ => "UNKNOWN",
    };
}

/// <summary>
/// The delivery receipt's text (SMPP v3.4 Appendix B, the de-facto format every client parses):
/// <c>id:… sub:001 dlvrd:001 submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DELIVRD err:000 text:…</c>
/// with the first 20 characters of the message. Dates are UTC.
/// </summary>
public sealed partial record DeliveryReceipt(string Id, int Submitted, int Delivered, DateTimeOffset SubmitDate, DateTimeOffset DoneDate, byte State, int Error, string Text)
{
    /// <summary>Characters of the original text a receipt carries.</summary>
    public const int TextLength = 20;

    /// <summary>The receipt text. The text excerpt is kept to characters that are the same octet in ASCII and GSM 03.38, so every client reads it alike.</summary>
    public string Format()
    {
        var excerpt = new StringBuilder(TextLength);
        foreach (var c in Text.AsSpan(0, Math.Min(Text.Length, TextLength)))
        {
            excerpt.Append(IsPortable(c) ? c : '?');
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"id:{Id} sub:{Math.Clamp(Submitted, 0, 999):000} dlvrd:{Math.Clamp(Delivered, 0, 999):000} submit date:{SubmitDate.UtcDateTime:yyMMddHHmm} done date:{DoneDate.UtcDateTime:yyMMddHHmm} stat:{MessageState.StatWord(State)} err:{Math.Clamp(Error, 0, 999):000} text:{excerpt}");
    }

    /// <summary>Reads a receipt text (clients' view; used by tests and tools). False when it is not one.</summary>
    public static bool TryParse(string text, out DeliveryReceipt? receipt)
    {
        receipt = null;
        var match = Pattern().Match(text ?? "");
        if (!match.Success)
        {
            return false;
        }

        static DateTimeOffset Date(string value) =>
            new(DateTime.ParseExact(value, "yyMMddHHmm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal), TimeSpan.Zero);

        var stat = match.Groups["stat"].Value;
        var state = (byte)Enumerable.Range(1, 8).FirstOrDefault(s => MessageState.StatWord((byte)s) == stat, MessageState.Unknown);
        receipt = new DeliveryReceipt(
            match.Groups["id"].Value,
            int.Parse(match.Groups["sub"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["dlvrd"].Value, CultureInfo.InvariantCulture),
            Date(match.Groups["submit"].Value),
            Date(match.Groups["done"].Value),
            state,
            int.Parse(match.Groups["err"].Value, CultureInfo.InvariantCulture),
            match.Groups["text"].Value);
        return true;
    }

    // Letters, digits, space and the punctuation whose octet is the same in ASCII and GSM 03.38.
    private static bool IsPortable(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
        or ' ' or '!' or '"' or '#' or '%' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or '-' or '.' or '/' or ':' or ';' or '<' or '=' or '>' or '?';

    [GeneratedRegex(@"^id:(?<id>\S+) sub:(?<sub>\d{3}) dlvrd:(?<dlvrd>\d{3}) submit date:(?<submit>\d{10}) done date:(?<done>\d{10}) stat:(?<stat>[A-Z]{7}) err:(?<err>\d{3}) text:(?<text>.*)$", RegexOptions.Singleline)]
    private static partial Regex Pattern();
}
