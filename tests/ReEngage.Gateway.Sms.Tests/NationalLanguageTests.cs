namespace ReEngage.Gateway.Sms.Tests;

/// <summary>23.038 national language shift tables (IEs 0x24 / 0x25) and alphanumeric senders.</summary>
public class NationalLanguageTests
{
    [Fact]
    public void Deliver_WithTurkishSingleShift_ReadsDotlessIAndBreveG()
    {
        // ESC 0x69 = ı, ESC 0x67 = ğ, ESC 0x73 = ş in the Turkish single shift table (A.2.1).
        var pdu = Deliver([0x24, 0x01, 0x01], [0x1B, 0x69, 0x1B, 0x67, 0x1B, 0x73]);
        var deliver = Assert.IsType<SmsDeliver>(PduDecoder.Decode(pdu));
        Assert.Equal("ığş", deliver.UserData.Text);
    }

    [Fact]
    public void Deliver_WithPortugueseLockingShift_ReadsTheLockingTable()
    {
        // Portuguese locking shift (A.3.3): 0x04 ê, 0x07 í, 0x7B ã, 0x7C õ; 'a' stays at 0x61.
        var pdu = Deliver([0x25, 0x01, 0x03], [0x04, 0x07, 0x61, 0x7B, 0x7C]);
        Assert.Equal("êíaãõ", Assert.IsType<SmsDeliver>(PduDecoder.Decode(pdu)).UserData.Text);
    }

    [Fact]
    public void Deliver_WithHindiLockingAndSingleShift_AfterAConcatenationIe()
    {
        // Hindi locking shift (A.3.6) 0x15 = क, 0x20 space; Hindi single shift (A.2.6) ESC 0x1C = ०.
        var pdu = Deliver([0x00, 0x03, 0x07, 0x01, 0x01, 0x24, 0x01, 0x06, 0x25, 0x01, 0x06], [0x15, 0x20, 0x1B, 0x1C]);
        var deliver = Assert.IsType<SmsDeliver>(PduDecoder.Decode(pdu));
        Assert.Equal("क ०", deliver.UserData.Text);
        Assert.Equal(7, deliver.UserData.Concatenation?.Reference);
    }

    [Fact]
    public void Deliver_WithAnUnknownLanguage_FallsBackToTheDefaultAlphabet()
    {
        var pdu = Deliver([0x25, 0x01, 0x63, 0x24, 0x01, 0x63], [0x48, 0x69, 0x1B, 0x65]);
        Assert.Equal("Hi€", Assert.IsType<SmsDeliver>(PduDecoder.Decode(pdu)).UserData.Text);
    }

    [Fact]
    public void SingleShift_UndefinedCode_ShowsTheLockingTablesCharacter()
    {
        // Turkish single shift leaves 0x41 undefined: 23.038 says show the (locking) table's own character.
        Assert.Equal("A", GsmAlphabet.FromSeptets([0x1B, 0x41], NationalLanguage.Turkish, NationalLanguage.Turkish));
    }

    [Theory]
    [InlineData(NationalLanguage.Turkish, 0x07, "ı")]
    [InlineData(NationalLanguage.Bengali, 0x03, "অ")]
    [InlineData(NationalLanguage.Gujarati, 0x03, "અ")]
    [InlineData(NationalLanguage.Hindi, 0x03, "अ")]
    [InlineData(NationalLanguage.Kannada, 0x03, "ಅ")]
    [InlineData(NationalLanguage.Malayalam, 0x03, "അ")]
    [InlineData(NationalLanguage.Oriya, 0x03, "ଅ")]
    [InlineData(NationalLanguage.Punjabi, 0x03, "ਅ")]
    [InlineData(NationalLanguage.Tamil, 0x03, "அ")]
    [InlineData(NationalLanguage.Telugu, 0x03, "అ")]
    [InlineData(NationalLanguage.Urdu, 0x00, "ا")]
    public void EveryLockingShiftTable_IsThere(NationalLanguage language, byte septet, string expected) =>
        Assert.Equal(expected, GsmAlphabet.FromSeptets([septet], language, NationalLanguage.None));

    [Fact]
    public void EveryTable_Has128Positions_AndAnEscapeAt0x1B()
    {
        for (var language = 1; language <= 13; language++)
        {
            Assert.Equal(128, NationalLanguageTables.SingleShift[language]!.Length);
            if (NationalLanguageTables.Locking[language] is { } locking)
            {
                Assert.Equal(128, locking.Length);
                Assert.Equal('\u001B', locking[0x1B]);
                Assert.Equal(' ', locking[0x20]);
            }
        }

        Assert.Null(NationalLanguageTables.Locking[(int)NationalLanguage.Spanish]);
    }

    [Theory]
    [InlineData("04D01100", "_@")] // CPHS voicemail indication: septets 0x11 0x00
    [InlineData("04D01000", "Δ@")]
    [InlineData("14D04937BD2C7797E9D3E614", "InternetSMS")]
    public void AlphanumericSender_EveryWholeSeptetCounts_ATrailingAtIsKept(string originator, string expected)
    {
        // 4 useful semi-octets = 16 bits = two whole septets: the second, 0x00, is "@", not padding.
        var pdu = "00" + "04" + originator + "0000" + "60606271711180" + "0120";
        Assert.Equal(expected, Assert.IsType<SmsDeliver>(PduDecoder.Decode(pdu)).Originator.Number);
    }

    [Fact]
    public void Encode_TurkishText_WithTheTurkishTables_StaysGsm7_AndSavesParts()
    {
        var text = string.Concat(Enumerable.Repeat("Sayın müşterimiz, ığdır şubemizde büyük indirim başladı! ", 3));
        var plain = SmsSubmitEncoder.Encode("+905321234567", text, new SmsSubmitOptions { MaxParts = 10 });
        var turkish = SmsSubmitEncoder.Encode("+905321234567", text, new SmsSubmitOptions { MaxParts = 10, NationalLanguages = [NationalLanguage.Turkish] });

        Assert.Equal(SmsEncoding.Ucs2, plain.Encoding);
        Assert.Equal(SmsEncoding.Gsm7, turkish.Encoding);
        Assert.True(turkish.Parts.Count < plain.Parts.Count, $"{turkish.Parts.Count} vs {plain.Parts.Count}");
        Assert.False(turkish.Shift.IsDefault);
        var decoded = turkish.Parts.Select(p => Assert.IsType<SmsSubmit>(PduDecoder.Decode(p.Pdu))).ToList();
        Assert.Equal(text, string.Concat(decoded.Select(d => d.UserData.Text)));
        Assert.All(decoded, d => Assert.Contains(d.UserData.Elements, e => e.Identifier is 0x24 or 0x25));

        var count = SmsCounter.Count(text, maxParts: 10, nationalLanguages: [NationalLanguage.Turkish]);
        Assert.Equal(turkish.Parts.Count, count.Parts);
        Assert.Equal(plain.Parts.Count, count.PartsWithoutShift);
        Assert.Equal(plain.Parts.Count - turkish.Parts.Count, count.PartsSaved);
    }

    [Fact]
    public void Encode_WhenATableSavesNothing_KeepsTheDefaultEncoding()
    {
        // One part either way: a handset without the tables must not be shown the wrong characters for nothing.
        var message = SmsSubmitEncoder.Encode("+905321234567", "Teşekkürler", new SmsSubmitOptions { NationalLanguages = [NationalLanguage.Turkish] });
        Assert.Equal(SmsEncoding.Ucs2, message.Encoding);
        Assert.True(message.Shift.IsDefault);
        Assert.Equal(0, SmsCounter.Count("Teşekkürler", nationalLanguages: [NationalLanguage.Turkish]).PartsSaved);
    }

    [Fact]
    public void Encode_Gsm7Text_IsUnchanged_WhenLanguagesAreAllowed()
    {
        var message = SmsSubmitEncoder.Encode("+393331234567", "Ciao! 20% off today", new SmsSubmitOptions { NationalLanguages = [NationalLanguage.Portuguese] });
        Assert.Equal(SmsSubmitEncoder.Encode("+393331234567", "Ciao! 20% off today").Parts[0].Pdu, message.Parts[0].Pdu);
    }

    [Theory]
    [InlineData(NationalLanguage.Turkish)]
    [InlineData(NationalLanguage.Spanish)]
    [InlineData(NationalLanguage.Portuguese)]
    [InlineData(NationalLanguage.Bengali)]
    [InlineData(NationalLanguage.Gujarati)]
    [InlineData(NationalLanguage.Hindi)]
    [InlineData(NationalLanguage.Kannada)]
    [InlineData(NationalLanguage.Malayalam)]
    [InlineData(NationalLanguage.Oriya)]
    [InlineData(NationalLanguage.Punjabi)]
    [InlineData(NationalLanguage.Tamil)]
    [InlineData(NationalLanguage.Telugu)]
    [InlineData(NationalLanguage.Urdu)]
    public void EveryCharacterOfEveryTable_RoundTripsThroughTheEncoderAndDecoder(NationalLanguage language)
    {
        // Every character the language's tables define (control characters aside), sent long enough that
        // the tables save parts over UCS-2, reads back the same. Encoder and decoder share the tables, so
        // this proves they agree, not that a table is right: IndicLockingTables_* and the spot checks above
        // hold the tables to 23.038 and to Unicode independently.
        var characters = (NationalLanguageTables.Locking[(int)language] ?? string.Empty) + NationalLanguageTables.SingleShift[(int)language];
        var text = new string([.. characters.Where(c => c >= ' ' && c != '\u001B').Distinct()]);
        text = string.Concat(Enumerable.Repeat(text, 4));
        var message = SmsSubmitEncoder.Encode("+911234567890", text, new SmsSubmitOptions { MaxParts = 40, NationalLanguages = [language] });
        Assert.Equal(SmsEncoding.Gsm7, message.Encoding);
        Assert.Equal(text, string.Concat(message.Parts.Select(p => Assert.IsType<SmsSubmit>(PduDecoder.Decode(p.Pdu)).UserData.Text)));
    }

    /// <summary>The Unicode block of each Indic script, for the nine tables of 23.038 A.3.4–A.3.12.</summary>
    public static TheoryData<NationalLanguage, int> IndicScripts() => new()
    {
        { NationalLanguage.Bengali, 0x0980 },
        { NationalLanguage.Gujarati, 0x0A80 },
        { NationalLanguage.Hindi, 0x0900 },
        { NationalLanguage.Kannada, 0x0C80 },
        { NationalLanguage.Malayalam, 0x0D00 },
        { NationalLanguage.Oriya, 0x0B00 },
        { NationalLanguage.Punjabi, 0x0A00 },
        { NationalLanguage.Tamil, 0x0B80 },
        { NationalLanguage.Telugu, 0x0C00 },
    };

    [Theory]
    [MemberData(nameof(IndicScripts))]
    public void IndicLockingTables_KeepTheSpecsSharedLatinGrid_AndHoldOnlyAssignedLettersOfTheirScript_InUnicodeOrder(NationalLanguage language, int block)
    {
        var table = NationalLanguageTables.Locking[(int)language]!;

        // 23.038 lays the nine Indic locking tables on one grid: these positions hold the same basic Latin
        // characters in every one of them (written here from the spec's rows and columns, not from our tables).
        var grid = new Dictionary<int, char>
        {
            [0x0A] = '\n', [0x0D] = '\r', [0x1B] = '\u001B', [0x20] = ' ', [0x21] = '!', [0x28] = ')', [0x29] = '(',
            [0x2C] = ',', [0x2E] = '.', [0x3A] = ':', [0x3B] = ';', [0x3F] = '?',
        };
        for (var digit = 0; digit < 10; digit++)
        {
            grid[0x30 + digit] = (char)('0' + digit);
        }

        for (var letter = 0; letter < 26; letter++)
        {
            grid[0x61 + letter] = (char)('a' + letter);
        }

        Assert.All(grid, p => Assert.True(table[p.Key] == p.Value, $"{language} 0x{p.Key:X2}: U+{(int)table[p.Key]:X4}, the spec has U+{(int)p.Value:X4}"));

        // Everything else is a letter or sign of the language's own script: inside its Unicode block, a code
        // point Unicode has assigned (Python's unicodedata, a source that shares nothing with ours), and in
        // the block's order — the spec follows the Unicode order of the script, so an entry moved or mistyped
        // to a neighbour's code point breaks the order.
        var script = table.Select((c, i) => (Septet: i, Char: c)).Where(x => x.Char != '\0' && !grid.ContainsKey(x.Septet)).ToList();
        Assert.All(script, x => Assert.True(x.Char >= block && x.Char < block + 0x80, $"{language} 0x{x.Septet:X2}: U+{(int)x.Char:X4} is outside U+{block:X4}–U+{block + 0x7F:X4}"));
        var names = UnicodeNames(script.Select(x => x.Char));
        Assert.All(script, x => Assert.False(string.IsNullOrEmpty(names[x.Char]), $"{language} 0x{x.Septet:X2}: U+{(int)x.Char:X4} is not an assigned character"));
        var outOfOrder = script.Zip(script.Skip(1)).Where(p => p.Second.Char <= p.First.Char)
            .Select(p => $"0x{p.First.Septet:X2} U+{(int)p.First.Char:X4} then 0x{p.Second.Septet:X2} U+{(int)p.Second.Char:X4}").ToList();
        Assert.True(outOfOrder.Count == 0, $"{language}: not in Unicode order: {string.Join(", ", outOfOrder)}");
    }

    /// <summary>Each character's Unicode name from Python's unicodedata (empty when unassigned).</summary>
    private static Dictionary<char, string> UnicodeNames(IEnumerable<char> characters)
    {
        var distinct = characters.Distinct().ToList();
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import sys, unicodedata\nfor line in sys.stdin.read().split():\n    print(unicodedata.name(chr(int(line, 16)), ''))");
        using var python = System.Diagnostics.Process.Start(start)!;
        python.StandardInput.Write(string.Join('\n', distinct.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture))));
        python.StandardInput.Close();
        var lines = python.StandardOutput.ReadToEnd().Split('\n');
        python.WaitForExit();
        Assert.Equal(0, python.ExitCode);
        return distinct.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => lines[x.i].Trim());
    }

    // An SMS-DELIVER (no SMSC field) from +393331234567 with a user data header and GSM-7 septets.
    internal static string Deliver(byte[] header, byte[] septets)
    {
        var headerOctets = header.Length + 1;
        var fill = SeptetPacking.FillBits(headerOctets);
        var packed = new byte[SeptetPacking.PackedLength(septets.Length, fill)];
        var written = SeptetPacking.Pack(septets, packed, fill);
        var udl = SeptetPacking.HeaderSeptets(headerOctets) + septets.Length;
        var ud = new[] { (byte)header.Length }.Concat(header).Concat(packed[..written]).ToArray();
        return "00" + "40" + "0C91933313325476" + "0000" + "52111211000040" + udl.ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + Convert.ToHexString(ud);
    }
}
