using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Cli;

internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,

        // Technicians read this in a terminal: keep "€" and "тест" readable, not \uXXXX.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(JsonNode node) => node.ToJsonString(Options);

    public static string Name(SmsEncoding encoding) => encoding switch
    {
        SmsEncoding.Gsm7 => "gsm7",
        SmsEncoding.Ucs2 => "ucs2",
        _ => "8bit",
    };

    public static string? Time(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
