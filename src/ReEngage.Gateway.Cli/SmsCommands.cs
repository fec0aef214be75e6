using System.CommandLine;
using System.Text.Json.Nodes;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Cli;

/// <summary><c>reengage sms count</c>.</summary>
internal static class SmsCommands
{
    public static Command Create()
    {
        var command = new Command("sms", "SMS text tools.");
        var text = new Argument<string>("text") { Description = "The text to count." };
        var smart = new Option<bool>("--smart") { Description = "Count as sent with smart encoding (look-alike punctuation replaced)." };
        var maxParts = new Option<int>("--max-parts") { Description = "Part limit to check against.", DefaultValueFactory = _ => SmsCounter.DefaultMaxParts };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var language = LanguageOption();
        var count = new Command("count", "Count the parts, units and encoding of a text.") { text, smart, maxParts, json, language };
        count.SetAction(parse => Count(parse.GetValue(text)!, parse.GetValue(smart), parse.GetValue(maxParts), parse.GetValue(json), parse.GetValue(language) ?? [], parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        command.Subcommands.Add(count);
        return command;
    }

    /// <summary>--language: national language shift tables (23.038) the text may use when they save parts.</summary>
    internal static Option<NationalLanguage[]> LanguageOption() => new("--language")
    {
        Description = "Allow a national language table (turkish, spanish, portuguese, bengali, gujarati, hindi, kannada, malayalam, oriya, punjabi, tamil, telugu, urdu) when it keeps the text GSM-7 and saves parts; repeatable.",
    };

    internal static int Count(string text, bool smart, int maxParts, bool json, IReadOnlyList<NationalLanguage> languages, TextWriter output, TextWriter error)
    {
        SmsCount result;
        try
        {
            result = SmsCounter.Count(text, smart, maxParts, nationalLanguages: languages);
        }
        catch (SmsEncodingException ex)
        {
            error.WriteLine($"reengage: {ex.Message}");
            return ExitCodes.BadInput;
        }

        if (json)
        {
            var node = new JsonObject
            {
                ["encoding"] = JsonOutput.Name(result.Encoding),
                ["parts"] = result.Parts,
                ["unitsUsed"] = result.UnitsUsed,
                ["unitsPerPart"] = result.UnitsPerPart,
                ["unitsLeftInLastPart"] = result.UnitsLeftInLastPart,
                ["characters"] = result.Characters,
                ["nonGsmCharacters"] = new JsonArray([.. result.NonGsmCharacters.Select(c => (JsonNode?)JsonValue.Create(c))]),
                ["maxParts"] = result.MaxParts,
                ["exceedsMaxParts"] = result.ExceedsMaxParts,
                ["smartEncodingApplied"] = result.SmartEncodingApplied,
                ["lockingShift"] = Language(result.Shift.Locking),
                ["singleShift"] = Language(result.Shift.SingleShift),
                ["partsWithoutNationalTables"] = result.PartsWithoutShift,
                ["partsSaved"] = result.PartsSaved,
            };
            output.WriteLine(JsonOutput.Write(node));
        }
        else
        {
            var unit = result.Encoding == SmsEncoding.Gsm7 ? "septets" : "UCS-2 units";
            output.WriteLine($"encoding:   {JsonOutput.Name(result.Encoding)}");
            output.WriteLine($"parts:      {result.Parts} (limit {result.MaxParts}{(result.ExceedsMaxParts ? ", EXCEEDED" : string.Empty)})");
            output.WriteLine($"used:       {result.UnitsUsed} {unit}, {result.UnitsPerPart} per part");
            output.WriteLine($"left:       {result.UnitsLeftInLastPart} in the last part");
            output.WriteLine($"characters: {result.Characters}");
            if (result.NonGsmCharacters.Count > 0)
            {
                output.WriteLine($"forcing UCS-2: {string.Join(' ', result.NonGsmCharacters)}");
            }

            if (result.SmartEncodingApplied)
            {
                output.WriteLine("smart encoding replaced look-alike characters to stay GSM-7");
            }

            if (!result.Shift.IsDefault)
            {
                output.WriteLine($"national:   {Describe(result.Shift)}: {result.Parts} part(s) instead of {result.PartsWithoutShift} (saves {result.PartsSaved})");
            }
        }

        return result.ExceedsMaxParts ? ExitCodes.BadInput : ExitCodes.Ok;
    }

    internal static string Describe(NationalLanguageShift shift) => (shift.Locking, shift.SingleShift) switch
    {
        (NationalLanguage.None, var single) => $"{single} single shift table",
        (var locking, NationalLanguage.None) => $"{locking} locking shift table",
        var (locking, single) => $"{locking} locking and {single} single shift tables",
    };

    private static string? Language(NationalLanguage language) => language == NationalLanguage.None ? null : language.ToString().ToLowerInvariant();
}
