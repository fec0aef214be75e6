using System.Text.Json;

namespace ReEngage.Gateway.Cli.Tests;

public class PduCommandTests
{
    [Fact]
    public async Task Decode_StatusReport_PrintsOneJsonObjectWithStatus()
    {
        var (exit, output, _) = await CliRunner.Run("pdu", "decode", "07917248014000F506B70AA18092020000317071518590803170715185418000");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("status-report", root.GetProperty("type").GetString());
        Assert.Equal("+27841004005", root.GetProperty("smsc").GetString());
        Assert.Equal("0829200000", root.GetProperty("to").GetString());
        Assert.Equal(183, root.GetProperty("messageReference").GetInt32());
        Assert.Equal(0, root.GetProperty("status").GetInt32());
        Assert.Equal("Short message received by the SME", root.GetProperty("statusText").GetString());
        Assert.Equal("2013-07-17T15:58:09+02:00", root.GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task Decode_ConcatenatedDeliver_PrintsFromTextEncodingAndParts()
    {
        var (exit, output, _) = await CliRunner.Run("pdu", "decode", "0591721891F1400781721881F800003160526104848059050003C30101916536FB1DCABEEB2074D85E064941B19CAB060319A5C522289C96D3D3ED32286C0FA7D96131BBEC024941B19CAB0603DDD36C36A88C87A7E565D0DB0D82C55EB0DB4B068BCD5C20");
        Assert.Equal(0, exit);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("deliver", root.GetProperty("type").GetString());
        Assert.Equal("2781188", root.GetProperty("from").GetString());
        Assert.Equal("gsm7", root.GetProperty("encoding").GetString());
        Assert.Equal(195, root.GetProperty("reference").GetInt32());
        Assert.Equal(1, root.GetProperty("part").GetInt32());
        Assert.Equal(1, root.GetProperty("parts").GetInt32());
        Assert.StartsWith("Hello!You have R 19.50", root.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_Ucs2FromAlphanumericSender_KeepsTheTextReadable()
    {
        var (_, output, _) = await CliRunner.Run("pdu", "decode", "07919730071111F10414D04937BD2C7797E9D3E614000811309291024061080442043504410442");
        Assert.Contains("\"тест\"", output, StringComparison.Ordinal);
        Assert.Contains("\"ucs2\"", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0G")]
    [InlineData("0004")]
    [InlineData("07917248014000F506B70AA180")]
    public async Task Decode_MalformedPdu_PrintsTheReasonToStderr_AndExits2(string hex)
    {
        var (exit, output, error) = await CliRunner.Run("pdu", "decode", hex);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("Malformed PDU at octet", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_PrintsTheCmgsLengthAndPduOfEveryPart()
    {
        var (exit, output, _) = await CliRunner.Run("pdu", "encode", "--to", "+393331234567", "--text", new string('a', 200), "--status-report", "--reference", "7");
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("# 2 part(s), gsm7", lines[0]);
        Assert.Equal("# part 1/2: AT+CMGS=154", lines[1]); // 1+1+8 (DA)+1+1+1 (VP)+1 (UDL)+140 (UD)
        Assert.StartsWith("0071000C91", lines[2], StringComparison.Ordinal);
        Assert.Equal(154, (lines[2].Length / 2) - 1); // the PDU less its "00" SMSC field
        Assert.StartsWith("# part 2/2: AT+CMGS=", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_TooLongText_IsRefusedWithTheReason()
    {
        var (exit, _, error) = await CliRunner.Run("pdu", "encode", "--to", "+393331234567", "--text", new string('a', 500));
        Assert.Equal(2, exit);
        Assert.Contains("needs 4 SMS parts", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_BadNumber_IsRefusedWithTheReason()
    {
        var (exit, _, error) = await CliRunner.Run("pdu", "encode", "--to", "+39 333", "--text", "hi");
        Assert.Equal(2, exit);
        Assert.Contains("only digits", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_Smart_KeepsCurlyQuotesInGsm7()
    {
        var (exit, output, _) = await CliRunner.Run("pdu", "encode", "--to", "+391", "--text", "It’s “on”", "--smart");
        Assert.Equal(0, exit);
        Assert.Contains("gsm7", output, StringComparison.Ordinal);
    }
}

public class SmsCommandTests
{
    [Fact]
    public async Task Count_PrintsEncodingPartsAndTheCharactersForcingUcs2()
    {
        var (exit, output, _) = await CliRunner.Run("sms", "count", "--json", "Ciao 😀 ç");
        Assert.Equal(0, exit);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("ucs2", root.GetProperty("encoding").GetString());
        Assert.Equal(1, root.GetProperty("parts").GetInt32());
        Assert.Equal(9, root.GetProperty("unitsUsed").GetInt32());
        Assert.Equal(61, root.GetProperty("unitsLeftInLastPart").GetInt32());
        Assert.Equal(["😀", "ç"], root.GetProperty("nonGsmCharacters").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Count_WithALanguage_ShowsTheTableAndThePartsItSaves()
    {
        var text = string.Concat(Enumerable.Repeat("Sayın müşterimiz, ığdır şubemizde indirim! ", 3));
        var (exit, output, _) = await CliRunner.Run("sms", "count", text, "--language", "turkish", "--max-parts", "10");
        Assert.Equal(0, exit);
        Assert.Contains("encoding:   gsm7", output, StringComparison.Ordinal);
        Assert.Matches(@"national:   Turkish .*: 1 part\(s\) instead of 2 \(saves 1\)", output);

        var (_, json, _) = await CliRunner.Run("sms", "count", "--json", text, "--language", "turkish");
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(1, root.GetProperty("partsSaved").GetInt32());
        Assert.Equal(2, root.GetProperty("partsWithoutNationalTables").GetInt32());
    }

    [Fact]
    public async Task Count_HumanOutput_SaysWhenThePartLimitIsExceeded()
    {
        var (exit, output, _) = await CliRunner.Run("sms", "count", new string('€', 240));
        Assert.Equal(2, exit);
        Assert.Contains("parts:      4 (limit 3, EXCEEDED)", output, StringComparison.Ordinal);
    }
}

/// <summary>Arguments a technician or integrator types that the parser must not reinterpret.</summary>
public class CommandLineArgumentTests
{
    [Fact]
    public async Task Encode_TextStartingWithAt_IsTheText_NotAResponseFile()
    {
        var (exit, output, error) = await CliRunner.Run("pdu", "encode", "--to", "+393331234567", "--text", "@home: 20% off");
        Assert.True(exit == 0, error);
        var pdu = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[2];
        Assert.Equal("@home: 20% off", ((Sms.SmsSubmit)Sms.PduDecoder.Decode(pdu)).UserData.Text);
    }

    [Fact]
    public async Task Count_ArgumentStartingWithAt_IsCounted()
    {
        var (exit, output, error) = await CliRunner.Run("sms", "count", "--json", "@@");
        Assert.True(exit == 0, error);
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetProperty("unitsUsed").GetInt32());
    }

    [Fact]
    public async Task Decode_LengthEqualToTheWholePdu_SaysWhatWasAssumed_AndShowsTheOtherReading()
    {
        // python-gsmmodem's status report with its SMSC field; 32 is the whole PDU, not the TPDU (24).
        const string hex = "07917248014000F506B70AA18092020000317071518590803170715185418000";
        var (exit, output, error) = await CliRunner.Run("pdu", "decode", hex, "--length", "32");
        Assert.Equal(0, exit);
        Assert.Contains("without an SMSC field", error, StringComparison.Ordinal);
        Assert.Contains("with a leading SMSC field", error, StringComparison.Ordinal);
        Assert.Equal(183, JsonDocument.Parse(output).RootElement.GetProperty("messageReference").GetInt32());
    }

    [Fact]
    public async Task Decode_LengthThatFitsNeitherReading_ExplainsBoth_AndExits2()
    {
        var (exit, output, error) = await CliRunner.Run("pdu", "decode", "0004", "--length", "2");
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("without an SMSC field", error, StringComparison.Ordinal);
        Assert.Contains("fails too", error, StringComparison.Ordinal);
    }
}
