using System.Text;
using System.Web;

namespace ReEngage.Gateway.Api;

/// <summary>
/// The query string of <c>GET /api/v1/send</c> as alarm panels and PLCs write it: a phone number's <c>+</c>
/// often left unencoded (form decoding would turn it into a space), and text percent-encoded in Latin-1
/// rather than UTF-8 (<c>%E8</c> for "è"). The charset is named with <c>charset=</c>; without it UTF-8 is
/// tried first and a value that is not valid UTF-8 is read as Latin-1, so nothing arrives as "%E8".
/// </summary>
internal static class LegacyQuery
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryRead(string? raw, out Dictionary<string, string> values, out string? error)
    {
        values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        error = null;
        var pairs = (raw ?? string.Empty).TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(kv => (Name: HttpUtility.UrlDecode(kv[0], Encoding.UTF8), Value: kv.Length > 1 ? kv[1] : string.Empty))
            .ToList();
        Encoding? charset = null;
        if (pairs.FirstOrDefault(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)) is { Name: not null } named)
        {
            try
            {
                charset = Encoding.GetEncoding(HttpUtility.UrlDecode(named.Value, Encoding.UTF8).Trim());
            }
            catch (ArgumentException)
            {
                error = $"'{named.Value}' is not a character set this gateway knows (try utf-8 or iso-8859-1).";
                return false;
            }
        }

        foreach (var (name, value) in pairs)
        {
            // In a phone number a '+' is the international prefix, never an encoded space.
            var encoded = name.Equals("to", StringComparison.OrdinalIgnoreCase) ? value.Replace("+", "%2B", StringComparison.Ordinal) : value;
            values[name] = Decode(encoded, charset);
        }

        return true;
    }

    private static string Decode(string value, Encoding? charset)
    {
        var bytes = HttpUtility.UrlDecodeToBytes(value, Encoding.UTF8) ?? [];
        if (charset is not null)
        {
            return charset.GetString(bytes);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }
}
