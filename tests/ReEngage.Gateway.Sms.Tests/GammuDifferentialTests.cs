using FsCheck.Fluent;

namespace ReEngage.Gateway.Sms.Tests;

/// <summary>
/// Our codec against Gammu, the reference on Linux: thousands of our PDUs decoded by Gammu, thousands
/// of Gammu's decoded by us, field by field.
/// </summary>
public class GammuDifferentialTests
{
    // No '*' or '#': Gammu drops those semi-octets (0xA, 0xB) when it decodes an address.
    private static readonly string[] Numbers = ["+393331234567", "+447700900123", "0612345678", "+15551234567", "12345", "+8613800138000"];

    [Fact]
    public void OurSubmitPdus_DecodeInGammu_ToTheSameNumberTextAndConcatenation()
    {
        var random = new Random(4242);
        var texts = Gen.Sample(SmsTextGenerators.Texts().Generator, 3000, 42).ToList();
        var encoded = new List<(SmsSubmitMessage Message, SmsSubmitPart Part, SmsSubmitOptions Options)>();
        foreach (var generated in texts)
        {
            // Gammu uses '~' as an internal escape in UCS-2 strings: it decodes U+007E as "~~" and
            // then cuts the text to its unit count. '~' in UCS-2 is covered by the round-trip properties.
            var text = GsmAlphabet.IsGsmText(generated) ? generated : generated.Replace("~", "-", StringComparison.Ordinal);
            var options = new SmsSubmitOptions
            {
                MaxParts = 10,
                ReferenceSize = random.Next(5) == 0 ? ConcatenationReference.SixteenBit : ConcatenationReference.EightBit,
                Reference = random.Next(256),
                StatusReport = random.Next(2) == 0,
                ServiceCentre = random.Next(4) == 0 ? "+393359609600" : null,
                ValidityPeriod = random.Next(3) == 0 ? null : TimeSpan.FromHours(random.Next(1, 2000)),
            };
            var message = SmsSubmitEncoder.Encode(Numbers[random.Next(Numbers.Length)], text, options);
            encoded.AddRange(message.Parts.Select(p => (message, p, options)));
        }

        var decoded = GammuOracle.Decode(encoded.Select(e => e.Part.Pdu));
        Assert.Equal(encoded.Count, decoded.Count);
        for (var i = 0; i < encoded.Count; i++)
        {
            var (message, part, options) = encoded[i];
            var gammu = decoded[i];
            var context = $"part {part.Sequence}/{part.Total} of {message.Destination} {Escape(message.Text)}: {part.Pdu}";
            Assert.True(gammu.Str("error") is null, $"Gammu rejected {context}: {gammu.Str("error")}");
            Assert.Equal("Submit", gammu.Str("type"));
            Assert.Equal(message.Destination, gammu.Str("number"));
            Assert.True(part.Text == gammu.Str("text"), $"text differs for {context}: Gammu read {Escape(gammu.Str("text"))}");
            Assert.Equal(message.Encoding == SmsEncoding.Gsm7 ? "Default_No_Compression" : "Unicode_No_Compression", gammu.Str("coding"));
            if (part.Total > 1)
            {
                Assert.Equal(part.Sequence, gammu.Int("part"));
                Assert.Equal(part.Total, gammu.Int("parts"));
                Assert.Equal(options.Reference, gammu.Int("reference"));
            }
            else
            {
                Assert.Null(gammu.Int("part"));
            }
        }

        Assert.True(encoded.Count > 3000, $"only {encoded.Count} parts were compared");
    }

    [Fact]
    public void GammuDeliverPdus_DecodeHere_ToTheSameFields_AndReassembleToTheOriginalText()
    {
        var generated = GammuOracle.Generate(seed: 7, count: 2000);
        var partsCompared = 0;
        foreach (var message in generated)
        {
            var reassembler = new SmsReassembler();
            ReassembledSms? whole = null;
            foreach (var part in message!["parts"]!.AsArray())
            {
                Assert.True(part.Str("error") is null, $"Gammu could not read its own PDU {part.Str("pdu")}: {part.Str("error")}");
                var ours = Assert.IsType<SmsDeliver>(PduDecoder.Decode(part.Str("pdu")!));
                var context = part.Str("pdu");
                Assert.Equal(part.Str("number"), ours.Originator.Number);
                Assert.True(part.Str("text") == ours.UserData.Text, $"text differs for {context}: ours {Escape(ours.UserData.Text)}, Gammu {Escape(part.Str("text"))}");
                Assert.Equal(part.Int("part"), ours.UserData.Concatenation?.Sequence);
                Assert.Equal(part.Int("parts"), ours.UserData.Concatenation?.Total);
                Assert.Equal(part.Int("reference"), ours.UserData.Concatenation?.Reference);
                Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero), ours.ServiceCentreTimestamp);
                Assert.Equal("+393359609600", ours.ServiceCentre?.Number);
                whole = reassembler.Add(ours) ?? whole;
                partsCompared++;
            }

            Assert.NotNull(whole);
            Assert.Equal(message["text"]!.GetValue<string>(), whole.Text);
        }

        Assert.True(partsCompared > 2000, $"only {partsCompared} parts were compared");
    }

    [Fact]
    public void StatusReports_DecodeHereAsInGammu()
    {
        var random = new Random(99);
        var reports = new List<(string Pdu, int Mr, string Number, byte Status)>();
        for (var i = 0; i < 1000; i++)
        {
            var number = Numbers[random.Next(Numbers.Length)];
            var mr = random.Next(256);
            var status = (byte)random.Next(0x80);
            reports.Add((StatusReportBuilder.Build(mr, number, status, trailingPi: random.Next(2) == 0), mr, number, status));
        }

        var decoded = GammuOracle.Decode(reports.Select(r => r.Pdu));
        for (var i = 0; i < reports.Count; i++)
        {
            var ours = Assert.IsType<SmsStatusReport>(PduDecoder.Decode(reports[i].Pdu));
            var gammu = decoded[i];
            Assert.Equal("Status_Report", gammu.Str("type"));
            Assert.Equal(gammu.Int("messageReference"), ours.MessageReference);
            Assert.Equal(gammu.Str("number"), ours.Recipient.Number);
            Assert.Equal(gammu.Int("deliveryStatus"), ours.Status.Value);
            Assert.Equal(reports[i].Mr, ours.MessageReference);
        }
    }

    private static string Escape(string? text) => text is null ? "null" : System.Text.Json.JsonSerializer.Serialize(text);
}

internal static class StatusReportBuilder
{
    public static string Build(int mr, string number, byte status, bool trailingPi)
    {
        var international = number.StartsWith('+');
        var digits = international ? number[1..] : number;
        var sb = new System.Text.StringBuilder("0791933395066900"); // SMSC +393359609600
        sb.Append("06").Append(mr.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        sb.Append(digits.Length.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)).Append(international ? "91" : "81");
        for (var i = 0; i < digits.Length; i += 2)
        {
            var low = digits[i];
            var high = i + 1 < digits.Length ? digits[i + 1] : 'F';
            sb.Append(high).Append(low);
        }

        sb.Append("42506070809000").Append("42506070819000").Append(status.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        if (trailingPi)
        {
            sb.Append("00");
        }

        return sb.ToString();
    }
}
