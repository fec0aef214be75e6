using System.Text;
using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Modem.Simulation;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>The channel against scripted byte streams: the test plays the modem, byte by byte if it likes.</summary>
public sealed class AtChannelTests : IAsyncDisposable
{
    private readonly InMemoryDuplexStream modem;
    private readonly AtChannel channel;

    public AtChannelTests()
    {
        var (host, device) = InMemoryDuplexStream.CreatePair();
        modem = device;
        channel = new AtChannel(host, "test");
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await modem.DisposeAsync();
    }

    private async Task<string> ReadCommandAsync()
    {
        var text = new StringBuilder();
        var buffer = new byte[1];
        while (await modem.ReadAsync(buffer) == 1)
        {
            if (buffer[0] == '\r' || buffer[0] == 0x1A)
            {
                return text.ToString();
            }

            text.Append((char)buffer[0]);
        }

        return text.ToString();
    }

    private async Task SendAsync(string text, bool byteByByte = false)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        if (!byteByByte)
        {
            await modem.WriteAsync(bytes);
            return;
        }

        foreach (var b in bytes)
        {
            await modem.WriteAsync(new[] { b });
        }
    }

    [Fact]
    public async Task Answer_SplitAtEveryByte_IsFramedIntoLines()
    {
        var pending = channel.ExecuteAsync("AT+CSQ");
        Assert.Equal("AT+CSQ", await ReadCommandAsync());
        await SendAsync("\r\n+CSQ: 17,99\r\n\r\nOK\r\n", byteByByte: true);
        var response = await pending;
        Assert.True(response.IsOk);
        Assert.Equal("17,99", response.Value("+CSQ:"));
    }

    [Fact]
    public async Task UrcBetweenCommandAndAnswer_GoesToTheEventStream_NotTheAnswer()
    {
        var pending = channel.ExecuteAsync("AT+CSQ");
        await ReadCommandAsync();
        await SendAsync("\r\n+CMTI: \"SM\",3\r\n\r\n^RSSI:12\r\n+CREG: 1,\"1A2B\",\"00C3F1\"\r\n+CSQ: 17,99\r\n\r\nOK\r\n");
        var response = await pending;
        Assert.Equal(["+CSQ: 17,99"], response.Lines);
        Assert.Equal("+CMTI: \"SM\",3", (await channel.Unsolicited.ReadAsync()).Line);
        Assert.Equal("^RSSI:12", (await channel.Unsolicited.ReadAsync()).Line);
        Assert.StartsWith("+CREG: 1", (await channel.Unsolicited.ReadAsync()).Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SolicitedCreg_IsTheAnswer_WhileUnsolicitedCregIsAnEvent()
    {
        await SendAsync("\r\n+CREG: 5\r\n");
        Assert.Equal("+CREG: 5", (await channel.Unsolicited.ReadAsync()).Line);
        var pending = channel.ExecuteAsync("AT+CREG?");
        await ReadCommandAsync();
        await SendAsync("\r\n+CREG: 2,1\r\n\r\nOK\r\n");
        Assert.Equal("2,1", (await pending).Value("+CREG:"));
    }

    [Fact]
    public async Task TwoLineUrcs_CarryTheirPdu()
    {
        await SendAsync("\r\n+CDS: 24\r\n07917248014000F506B70AA18092020000317071518590803170715185418000\r\n\r\n+CMT: ,23\r\n0004038161210000111111111111000141\r\n");
        var cds = await channel.Unsolicited.ReadAsync();
        Assert.Equal("+CDS: 24", cds.Line);
        Assert.StartsWith("07917248", cds.Pdu, StringComparison.Ordinal);
        var cmt = await channel.Unsolicited.ReadAsync();
        Assert.Equal("0004038161210000111111111111000141", cmt.Pdu);
    }

    [Fact]
    public async Task EchoIsIgnored_AndBareLinesBelongToTheCommand()
    {
        var pending = channel.ExecuteAsync("AT+CGSN");
        await ReadCommandAsync();
        await SendAsync("AT+CGSN\r\r\n356938035643809\r\n\r\nOK\r\n");
        Assert.Equal(["356938035643809"], (await pending).Lines);
    }

    [Fact]
    public async Task Garbage_AndHuaweiLineEndings_AreSurvived()
    {
        var pending = channel.ExecuteAsync("AT+CGMI");
        await ReadCommandAsync();
        await modem.WriteAsync(new byte[] { 0x00, 0xFF, 0x07, 0x0D, 0x0A });
        await SendAsync("\r\nhuawei\r\r\n\r\nOK\r\r\n");
        Assert.Equal(["huawei"], (await pending).Lines);
    }

    [Theory]
    [InlineData("+CMS ERROR: 38", ModemErrorClass.RetryOtherModem)]
    [InlineData("+CME ERROR: 14", ModemErrorClass.RetrySameModem)]
    [InlineData("+CMS ERROR: 304", ModemErrorClass.EncoderBug)]
    [InlineData("+CMS ERROR: Unknown error", ModemErrorClass.Unknown)]
    [InlineData("COMMAND NOT SUPPORT", ModemErrorClass.Unknown)]
    [InlineData("ERROR", ModemErrorClass.Unknown)]
    public async Task ErrorFinals_EndTheCommand_AndAreClassified(string final, ModemErrorClass expected)
    {
        var pending = channel.ExecuteAsync("AT+CMGF=0");
        await ReadCommandAsync();
        await SendAsync($"\r\n{final}\r\n");
        var ex = await Assert.ThrowsAsync<ModemCommandException>(() => pending);
        Assert.Equal(expected, ex.Error.Class);
        Assert.Equal(final, ex.FinalResult);
    }

    [Fact]
    public async Task Prompt_WithoutNewline_ThenPdu_ThenCmgs()
    {
        var pending = channel.ExecuteWithPromptAsync("AT+CMGS=24", "0001000B917228001011F100000CC8329BFD065DDF72363904", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        Assert.Equal("AT+CMGS=24", await ReadCommandAsync());
        await SendAsync("\r\n+CMTI: \"SM\",1\r\n\r\n> ", byteByByte: true);
        Assert.Equal("0001000B917228001011F100000CC8329BFD065DDF72363904", await ReadCommandAsync());
        await SendAsync("\r\n+CMGS: 77,\"extra\"\r\n\r\nOK\r\n");
        Assert.Equal("77,\"extra\"", (await pending).Value("+CMGS:"));
        Assert.Equal("+CMTI: \"SM\",1", (await channel.Unsolicited.ReadAsync()).Line);
    }

    [Fact]
    public async Task ErrorInsteadOfPrompt_FailsWithoutSendingThePdu()
    {
        var pending = channel.ExecuteWithPromptAsync("AT+CMGS=24", "00AA", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        await ReadCommandAsync();
        await SendAsync("\r\n+CMS ERROR: 331\r\n");
        var ex = await Assert.ThrowsAsync<ModemCommandException>(() => pending);
        Assert.Equal(331, ex.Error.Code);
    }

    [Fact]
    public async Task NoAnswer_TimesOut_AndTheChannelStaysUsable()
    {
        var ex = await Assert.ThrowsAsync<ModemTimeoutException>(() => channel.ExecuteAsync("AT+COPS?", TimeSpan.FromMilliseconds(100)));
        Assert.False(ex.OutcomeUnknown);
        await ReadCommandAsync();
        var next = channel.ExecuteAsync("AT");
        Assert.Equal("AT", await ReadCommandAsync());
        await SendAsync("\r\nOK\r\n");
        Assert.True((await next).IsOk);
    }

    [Fact]
    public async Task NoResultAfterThePdu_IsAnUnknownOutcome()
    {
        var pending = channel.ExecuteWithPromptAsync("AT+CMGS=5", "0011", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(150));
        await ReadCommandAsync();
        await SendAsync("> ");
        await ReadCommandAsync();
        var ex = await Assert.ThrowsAsync<ModemTimeoutException>(() => pending);
        Assert.True(ex.OutcomeUnknown);
    }

    [Fact]
    public async Task StreamEnding_FailsThePendingCommand_AndCompletesTheChannel()
    {
        var pending = channel.ExecuteAsync("AT+CSQ");
        await ReadCommandAsync();
        await modem.DisposeAsync();
        await Assert.ThrowsAsync<ModemDisconnectedException>(() => pending);
        await channel.Completion;
        Assert.True(channel.IsClosed);
        await Assert.ThrowsAsync<ModemDisconnectedException>(() => channel.ExecuteAsync("AT"));
    }

    [Fact]
    public async Task RestartBanner_IsFlaggedAsRestart()
    {
        await SendAsync("\r\nRDY\r\n");
        Assert.True((await channel.Unsolicited.ReadAsync()).IsRestart);
    }
}
