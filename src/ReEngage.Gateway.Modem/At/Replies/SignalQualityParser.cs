namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>AT+CSQ (27.007 §8.5): <c>+CSQ: &lt;rssi&gt;,&lt;ber&gt;</c>.</summary>
/// <param name="Rssi">0..31, 99 not known.</param>
/// <param name="BitErrorRate">0..7, 99 not known.</param>
public sealed record SignalQuality(int Rssi, int BitErrorRate)
{
    /// <summary>The level in dBm (−113 + 2·rssi; 31 means −51 or better), or null when unknown.</summary>
    public int? Dbm => Rssi is >= 0 and <= 31 ? -113 + (2 * Rssi) : null;
}

/// <summary>Reads AT+CSQ.</summary>
public static class SignalQualityParser
{
    /// <summary>The first +CSQ: line; absent when none (an error answer has none).</summary>
    public static ParseResult<SignalQuality> Parse(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            if (AtFields.Body(line, "+CSQ") is { } body)
            {
                return AtFields.Split(body) is { Count: >= 2 } f && f[0].TryInt(out var rssi) && f[1].TryInt(out var ber)
                    ? ParseResult.Success<SignalQuality>(new SignalQuality(rssi, ber))
                    : ParseResult.Invalid<SignalQuality>($"+CSQ: '{body}' is not <rssi>,<ber>");
            }
        }

        return ParseResult.Absent<SignalQuality>();
    }
}
