namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>
/// One line of the AT+CCFC=&lt;reason&gt;,2 query (27.007 §7.11):
/// <c>+CCFC: &lt;status&gt;,&lt;class1&gt;[,&lt;number&gt;,&lt;type&gt;[,&lt;subaddr&gt;,&lt;satype&gt;[,&lt;time&gt;]]]</c>.
/// </summary>
/// <param name="Active">&lt;status&gt; 1: forwarding is active for this class.</param>
/// <param name="Status">&lt;status&gt; as sent (0 not active, 1 active).</param>
/// <param name="Class">&lt;classx&gt; bit field (1 voice, 2 data, 4 fax, 8 SMS, …; 7 = voice+data+fax).</param>
/// <param name="Number">The forwarded-to number; null when absent or an omitted field.</param>
/// <param name="NumberType">&lt;type&gt; (129 unknown, 145 international) as stated, even when it disagrees with a "+".</param>
/// <param name="Subaddress">&lt;subaddr&gt;: "" when sent as <c>""</c>, null when omitted.</param>
/// <param name="SubaddressType">&lt;satype&gt;.</param>
/// <param name="Time">&lt;time&gt;: seconds before forwarding on no reply.</param>
public sealed record CallForwarding(bool Active, int Status, int Class, string? Number, int? NumberType, string? Subaddress, int? SubaddressType, int? Time);

/// <summary>Reads the AT+CCFC query answer: one +CCFC: line per class.</summary>
public static class CallForwardingParser
{
    /// <summary>Every +CCFC: line; an answer without any is a valid empty list.</summary>
    public static ParseResult<IReadOnlyList<CallForwarding>> Parse(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var entries = new List<CallForwarding>();
        foreach (var line in lines)
        {
            if (AtFields.Body(line, "+CCFC") is not { } body)
            {
                continue;
            }

            var f = AtFields.Split(body);
            if (f is null || f.Count < 2 || !f[0].TryInt(out var status) || !f[1].TryInt(out var cls))
            {
                return ParseResult.Invalid<IReadOnlyList<CallForwarding>>($"+CCFC: '{body}' lacks <status>,<class>");
            }

            string? At(int i) => i < f.Count ? f[i].OrNull : null;
            int? IntAt(int i) => i < f.Count ? f[i].Number : null;
            entries.Add(new CallForwarding(status == 1, status, cls, At(2), IntAt(3), At(4), IntAt(5), IntAt(6)));
        }

        return ParseResult.Success<IReadOnlyList<CallForwarding>>(entries);
    }
}
