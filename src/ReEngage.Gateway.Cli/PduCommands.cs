using System.CommandLine;
using System.Text.Json.Nodes;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Cli;

/// <summary><c>reengage pdu decode|encode</c>.</summary>
internal static class PduCommands
{
    public static Command Create()
    {
        var command = new Command("pdu", CliText.Get("Decode and encode SMS PDUs (3GPP TS 23.040)."));
        command.Subcommands.Add(CreateDecode());
        command.Subcommands.Add(CreateEncode());
        return command;
    }

    private static Command CreateDecode()
    {
        var hex = new Argument<string>("hex") { Description = CliText.Get("The PDU in hex, with or without the leading SMSC field.") };
        var length = new Option<int?>("--length") { Description = CliText.Get("The TPDU length the modem printed (+CMGR/+CMT/+CDS); settles whether an SMSC field leads.") };
        var command = new Command("decode", CliText.Get("Decode an SMS-DELIVER, SMS-STATUS-REPORT or SMS-SUBMIT PDU and print it as JSON.")) { hex, length };
        command.SetAction(parse => Decode(parse.GetValue(hex)!, parse.GetValue(length), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Decode(string hex, int? length, TextWriter output, TextWriter error)
    {
        SmsPdu pdu;
        try
        {
            pdu = PduDecoder.Decode(hex, length);
        }
        catch (PduFormatException ex) when (length is { } stated && OtherReading(hex, stated) is { } other)
        {
            // A length equal to the PDU's size reads as "no SMSC field" — but a modem that printed the
            // whole PDU's length, or a hand-typed length, makes that wrong: say what was assumed and
            // what the other reading gives, instead of a field error that sends the technician astray.
            var assumed = other.Assumed;
            if (other.Pdu is null)
            {
                error.WriteLine(CliText.Get("reengage: with --length {0} the PDU was read {1}: {2}; read {3} it fails too: {4}", stated, assumed, ex.Message, other.Tried, other.Error));
                return ExitCodes.BadInput;
            }

            error.WriteLine(CliText.Get("reengage: with --length {0} the PDU was read {1} and that fails ({2}); it decodes when read {3} (shown) — check the length the modem printed", stated, assumed, ex.Message, other.Tried));
            pdu = other.Pdu;
        }
        catch (PduFormatException ex)
        {
            error.WriteLine($"reengage: {ex.Message}");
            return ExitCodes.BadInput;
        }

        output.WriteLine(JsonOutput.Write(ToJson(pdu)));
        return ExitCodes.Ok;
    }

    // The reading --length did not choose: with an SMSC field when the length matched the whole PDU, and
    // without one otherwise. Null when the hex itself is unreadable (no other reading to offer).
    private static (string Assumed, string Tried, SmsPdu? Pdu, string? Error)? OtherReading(string hex, int stated)
    {
        byte[] octets;
        try
        {
            octets = PduDecoder.ParseHex(hex);
        }
        catch (PduFormatException)
        {
            return null;
        }

        var assumedSmsc = stated != octets.Length;
        var assumed = assumedSmsc ? CliText.Get("with a leading SMSC field") : CliText.Get("without an SMSC field (it equals the PDU's {0} octets)", octets.Length);
        var tried = assumedSmsc ? CliText.Get("without an SMSC field") : CliText.Get("with a leading SMSC field");
        try
        {
            return (assumed, tried, PduDecoder.Decode(octets, hasServiceCentre: !assumedSmsc), null);
        }
        catch (PduFormatException other)
        {
            return (assumed, tried, null, other.Message);
        }
    }

    internal static JsonObject ToJson(SmsPdu pdu)
    {
        var json = new JsonObject
        {
            ["type"] = pdu.Type switch
            {
                SmsPduType.Deliver => "deliver",
                SmsPduType.Submit => "submit",
                _ => "status-report",
            },
            ["smsc"] = pdu.ServiceCentre?.Number,
        };
        switch (pdu)
        {
            case SmsDeliver deliver:
                json["from"] = deliver.Originator.Number;
                json["fromType"] = deliver.Originator.IsAlphanumeric ? "alphanumeric" : deliver.Originator.TypeOfNumber.ToString().ToLowerInvariant();
                AddUserData(json, deliver.UserData);
                json["timestamp"] = JsonOutput.Time(deliver.ServiceCentreTimestamp);
                if (deliver.DataCoding.MessageClass is { } messageClass)
                {
                    json["class"] = messageClass;
                }

                break;
            case SmsSubmit submit:
                json["to"] = submit.Destination.Number;
                AddUserData(json, submit.UserData);
                json["messageReference"] = submit.MessageReference;
                json["statusReport"] = submit.StatusReportRequest;
                if (submit.ValidityPeriod is { } validity)
                {
                    json["validity"] = validity.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
                }

                break;
            case SmsStatusReport report:
                json["to"] = report.Recipient.Number;
                json["messageReference"] = report.MessageReference;
                json["timestamp"] = JsonOutput.Time(report.ServiceCentreTimestamp);
                json["dischargeTime"] = JsonOutput.Time(report.DischargeTime);
                json["status"] = report.Status.Value;
                json["statusText"] = report.Status.Description;
                json["outcome"] = report.Status.Outcome.ToString().ToLowerInvariant();
                if (report.UserData is { } userData)
                {
                    AddUserData(json, userData);
                }

                break;
        }

        return json;
    }

    private static void AddUserData(JsonObject json, SmsUserData userData)
    {
        json["text"] = userData.Text;
        json["encoding"] = JsonOutput.Name(userData.Encoding);
        if (userData.Concatenation is { } concatenation)
        {
            json["reference"] = concatenation.Reference;
            json["part"] = concatenation.Sequence;
            json["parts"] = concatenation.Total;
        }
    }

    private static Command CreateEncode()
    {
        var to = new Option<string>("--to") { Description = CliText.Get("Destination number: +<country><number>, or a national number."), Required = true };
        var text = new Option<string>("--text") { Description = CliText.Get("The message text."), Required = true };
        var statusReport = new Option<bool>("--status-report") { Description = CliText.Get("Request a delivery report (TP-SRR).") };
        var maxParts = new Option<int>("--max-parts") { Description = CliText.Get("Most parts allowed."), DefaultValueFactory = _ => SmsCounter.DefaultMaxParts };
        var smart = new Option<bool>("--smart") { Description = CliText.Get("Replace look-alike punctuation (curly quotes, dashes, …) so the text stays GSM-7.") };
        var reference = new Option<int?>("--reference") { Description = CliText.Get("Concatenation reference (default: random).") };
        var sixteenBit = new Option<bool>("--16bit-reference") { Description = CliText.Get("Use the 16-bit concatenation reference (IE 0x08).") };
        var smsc = new Option<string?>("--smsc") { Description = CliText.Get("SMSC number to put in the PDU (default: none, the modem's own).") };
        var flash = new Option<bool>("--flash") { Description = CliText.Get("Class 0 (flash) SMS.") };
        var validity = new Option<TimeSpan?>("--validity") { Description = CliText.Get("Relative validity period, e.g. 1.00:00:00 (default 24 h).") };
        var language = SmsCommands.LanguageOption();
        var command = new Command("encode", CliText.Get("Encode a text as SMS-SUBMIT PDUs: for each part, the AT+CMGS length and the PDU."))
        {
            to, text, statusReport, maxParts, smart, reference, sixteenBit, smsc, flash, validity, language,
        };
        command.SetAction(parse =>
        {
            var referenceSize = parse.GetValue(sixteenBit) ? ConcatenationReference.SixteenBit : ConcatenationReference.EightBit;
            var options = new SmsSubmitOptions
            {
                StatusReport = parse.GetValue(statusReport),
                MaxParts = parse.GetValue(maxParts),
                SmartEncoding = parse.GetValue(smart),
                ReferenceSize = referenceSize,
                Reference = parse.GetValue(reference) ?? Random.Shared.Next(referenceSize == ConcatenationReference.EightBit ? 256 : 65536),
                ServiceCentre = parse.GetValue(smsc),
                Flash = parse.GetValue(flash),
                ValidityPeriod = parse.GetValue(validity) ?? SmsSubmitOptions.Default.ValidityPeriod,
                NationalLanguages = parse.GetValue(language) ?? [],
            };
            return Encode(parse.GetValue(to)!, parse.GetValue(text)!, options, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    internal static int Encode(string to, string text, SmsSubmitOptions options, TextWriter output, TextWriter error)
    {
        SmsSubmitMessage message;
        try
        {
            message = SmsSubmitEncoder.Encode(to, text, options);
        }
        catch (SmsEncodingException ex)
        {
            error.WriteLine($"reengage: {ex.Message}");
            return ExitCodes.BadInput;
        }

        var encoding = message.Shift.IsDefault ? JsonOutput.Name(message.Encoding) : $"{JsonOutput.Name(message.Encoding)}, {SmsCommands.Describe(message.Shift)}";
        output.WriteLine(CliText.Get("# {0} part(s), {1}", message.Parts.Count, encoding));
        foreach (var part in message.Parts)
        {
            output.WriteLine(CliText.Get("# part {0}/{1}: AT+CMGS={2}", part.Sequence, part.Total, part.TpduLength));
            output.WriteLine(part.Pdu);
        }

        return ExitCodes.Ok;
    }
}
