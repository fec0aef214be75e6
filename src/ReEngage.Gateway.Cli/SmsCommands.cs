using System.CommandLine;
using System.Text.Json.Nodes;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Cli;

/// <summary><c>reengage sms count</c>.</summary>
internal static class SmsCommands
{
    public static Command Create()
    {
        var command = new Command("sms", CliText.Get("SMS text tools."));
        var text = new Argument<string>("text") { Description = CliText.Get("The text to count.") };
        var smart = new Option<bool>("--smart") { Description = CliText.Get("Count as sent with smart encoding (look-alike punctuation replaced).") };
        var maxParts = new Option<int>("--max-parts") { Description = CliText.Get("Part limit to check against."), DefaultValueFactory = _ => SmsCounter.DefaultMaxParts };
        var json = new Option<bool>("--json") { Description = CliText.Get("Print JSON instead of text.") };
        var language = LanguageOption();
        var count = new Command("count", CliText.Get("Count the parts, units and encoding of a text.")) { text, smart, maxParts, json, language };
        count.SetAction(parse => Count(parse.GetValue(text)!, parse.GetValue(smart), parse.GetValue(maxParts), parse.GetValue(json), parse.GetValue(language) ?? [], parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        command.Subcommands.Add(count);
        return command;
    }

    /// <summary>--language: national language shift tables (23.038) the text may use when they save parts.</summary>
    internal static Option<NationalLanguage[]> LanguageOption() => new("--language")
    {
        Description = CliText.Get("Allow a national language table (turkish, spanish, portuguese, bengali, gujarati, hindi, kannada, malayalam, oriya, punjabi, tamil, telugu, urdu) when it keeps the text GSM-7 and saves parts; repeatable."),
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
            // The labels are padded inside each translation, so that every language lines its own values up.
            var unit = result.Encoding == SmsEncoding.Gsm7 ? CliText.Get("septets") : CliText.Get("UCS-2 units");
            output.WriteLine(CliText.Get("encoding:   {0}", JsonOutput.Name(result.Encoding)));
            output.WriteLine(result.ExceedsMaxParts
                ? CliText.Get("parts:      {0} (limit {1}, EXCEEDED)", result.Parts, result.MaxParts)
                : CliText.Get("parts:      {0} (limit {1})", result.Parts, result.MaxParts));
            output.WriteLine(CliText.Get("used:       {0} {1}, {2} per part", result.UnitsUsed, unit, result.UnitsPerPart));
            output.WriteLine(CliText.Get("left:       {0} in the last part", result.UnitsLeftInLastPart));
            output.WriteLine(CliText.Get("characters: {0}", result.Characters));
            if (result.NonGsmCharacters.Count > 0)
            {
                output.WriteLine(CliText.Get("forcing UCS-2: {0}", string.Join(' ', result.NonGsmCharacters)));
            }

            if (result.SmartEncodingApplied)
            {
                output.WriteLine(CliText.Get("smart encoding replaced look-alike characters to stay GSM-7"));
            }

            if (!result.Shift.IsDefault)
            {
                output.WriteLine(CliText.Get("national:   {0}: {1} part(s) instead of {2} (saves {3})", Describe(result.Shift), result.Parts, result.PartsWithoutShift, result.PartsSaved));
            }
        }

        return result.ExceedsMaxParts ? ExitCodes.BadInput : ExitCodes.Ok;
    }

    internal static string Describe(NationalLanguageShift shift) => (shift.Locking, shift.SingleShift) switch
    {
        (NationalLanguage.None, var single) => CliText.Get("{0} single shift table", single),
        (var locking, NationalLanguage.None) => CliText.Get("{0} locking shift table", locking),
        var (locking, single) => CliText.Get("{0} locking and {1} single shift tables", locking, single),
    };

    private static string? Language(NationalLanguage language) => language == NationalLanguage.None ? null : language.ToString().ToLowerInvariant();
}
