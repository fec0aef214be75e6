namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>One subscriber number from AT+CNUM (27.007 §7.1): <c>+CNUM: [&lt;alpha&gt;],&lt;number&gt;,&lt;type&gt;[,…]</c>.</summary>
/// <param name="Alpha">The label as sent without quotes; "" when empty.</param>
/// <param name="Number">The number as sent.</param>
/// <param name="Type">&lt;type&gt; (129 national/unknown, 145 international, 161 national).</param>
public sealed record SubscriberNumber(string Alpha, string Number, int? Type);

/// <summary>Reads AT+CNUM: one +CNUM: line per number (many SIMs have none: an empty list).</summary>
public static class SubscriberNumberParser
{
    /// <summary>Every +CNUM: line, in order. A label is accepted unquoted too (seen in ModemManager's tests).</summary>
    public static ParseResult<IReadOnlyList<SubscriberNumber>> Parse(IReadOnlyList<string> lines, TeCharset charset = TeCharset.Unknown)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var numbers = new List<SubscriberNumber>();
        foreach (var line in lines)
        {
            if (AtFields.Body(line, "+CNUM") is not { } body)
            {
                continue;
            }

            var f = AtFields.Split(body);
            if (f is null || f.Count < 2 || f[1].Text.Length == 0)
            {
                return ParseResult.Invalid<IReadOnlyList<SubscriberNumber>>($"+CNUM: '{body}' has no <number>");
            }

            var alpha = f[0].Text.Length == 0 ? string.Empty : TeText.Decode(f[0].Text, charset);
            numbers.Add(new SubscriberNumber(alpha, f[1].Text, f.Count > 2 ? f[2].Number : null));
        }

        return ParseResult.Success<IReadOnlyList<SubscriberNumber>>(numbers);
    }
}
