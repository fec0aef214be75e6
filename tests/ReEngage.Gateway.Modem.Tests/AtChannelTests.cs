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
    public async Task LateAnswer_IsNotTakenForTheNextCommand_TheLineIsResynchronisedFirst()
    {
        var ex = await Assert.ThrowsAsync<ModemTimeoutException>(() => channel.ExecuteAsync("AT+COPS?", TimeSpan.FromMilliseconds(100), retryAfterTimeout: false));
        Assert.False(ex.OutcomeUnknown);
        Assert.Equal("AT+COPS?", await ReadCommandAsync());

        var next = channel.ExecuteAsync("AT+CSQ");
        await SendAsync("\r\n+COPS: 0,0,\"Late\",7\r\n\r\nOK\r\n"); // the answer that came too late
        await PlayResyncAsync();
        Assert.Equal("AT+CSQ", await ReadCommandAsync());
        await SendAsync("AT+CSQ\r\r\n+CSQ: 17,99\r\n\r\nOK\r\n");

        var response = await next;
        Assert.Equal(["+CSQ: 17,99"], response.Lines);
        Assert.Equal(1, channel.Resyncs);
        Assert.True(channel.EchoFraming);
    }

    [Fact]
    public async Task TimedOutCommand_IsSentOnceMoreAfterTheResync_AndTheLateAnswerIsNotTakenForIt()
    {
        var pending = channel.ExecuteAsync("AT+COPS?", TimeSpan.FromMilliseconds(150));
        Assert.Equal("AT+COPS?", await ReadCommandAsync());

        // The resync's ESC is the sign its timeout has passed; the late answer comes just after it.
        await PlayResyncAsync(afterEscape: () => SendAsync("\r\n+COPS: 0,0,\"Late\",7\r\n\r\nOK\r\n"));
        Assert.Equal("AT+COPS?", await ReadCommandAsync());
        await SendAsync("AT+COPS?\r\r\n+COPS: 0,0,\"Fresh\",7\r\n\r\nOK\r\n");
        Assert.Equal("0,0,\"Fresh\",7", (await pending).Value("+COPS:"));
        Assert.Equal(1, channel.Resyncs);
    }

    [Fact]
    public async Task AnswerWithAnotherCommandsPrefix_IsALossOfSync_TheCommandIsResentOnce()
    {
        var pending = channel.ExecuteAsync("AT+CPMS?");
        Assert.Equal("AT+CPMS?", await ReadCommandAsync());
        await SendAsync("\r\n+CSCA: \"+393359609600\",145\r\n\r\nOK\r\n"); // someone else's answer
        await PlayResyncAsync();
        Assert.Equal("AT+CPMS?", await ReadCommandAsync());
        await SendAsync("AT+CPMS?\r\r\n+CPMS: \"SM\",1,30,\"SM\",1,30,\"SM\",1,30\r\n\r\nOK\r\n");
        Assert.StartsWith("\"SM\",1,30", (await pending).Value("+CPMS:"), StringComparison.Ordinal);
        Assert.Equal(1, channel.Resyncs);
    }

    [Fact]
    public async Task BareOk_WhereAnInformationLineIsMandatory_IsALossOfSync_ButAModemThatAlwaysSaysSoIsBelieved()
    {
        // Gammu bug #1245: a real phone answers AT+CREG? with a bare OK. Once after a resync it is believed.
        var pending = channel.ExecuteAsync("AT+CREG?");
        Assert.Equal("AT+CREG?", await ReadCommandAsync());
        await SendAsync("\r\nOK\r\n");
        await PlayResyncAsync();
        Assert.Equal("AT+CREG?", await ReadCommandAsync());
        await SendAsync("AT+CREG?\r\r\nOK\r\n");
        Assert.Empty((await pending).Lines);

        var again = channel.ExecuteAsync("AT+CREG?");
        Assert.Equal("AT+CREG?", await ReadCommandAsync());
        await SendAsync("AT+CREG?\r\r\nOK\r\n");
        Assert.True((await again).IsOk);
        Assert.Equal(1, channel.Resyncs);
    }

    [Fact]
    public async Task WithEchoFraming_AnswersBeforeTheCommandsEcho_AreStale()
    {
        var sync = channel.SynchronizeAsync(1, TimeSpan.FromSeconds(2));
        await PlayResyncAsync();
        await sync;

        var pending = channel.ExecuteAsync("AT+CMGD=3");
        Assert.Equal("AT+CMGD=3", await ReadCommandAsync());
        await SendAsync("\r\nOK\r\nAT+CMGD=3\r\r\n+CMS ERROR: 321\r\n"); // a repeated OK of the last command, then its own answer
        var ex = await Assert.ThrowsAsync<ModemCommandException>(() => pending);
        Assert.Equal(321, ex.Error.Code);
    }

    [Fact]
    public async Task PromptNobodyAskedFor_GetsAnEscape_AndTheCommandIsResent()
    {
        var pending = channel.ExecuteAsync("AT+CMGF=0");
        Assert.Equal("AT+CMGF=0", await ReadCommandAsync());
        await SendAsync("\r\n> ");
        Assert.Equal(2, await PlayResyncAsync()); // one ESC at once (leave text entry), one opening the resync
        Assert.Equal("AT+CMGF=0", await ReadCommandAsync());
        await SendAsync("AT+CMGF=0\r\r\nOK\r\n");
        Assert.True((await pending).IsOk);
    }

    // The modem's side of a re-synchronisation: ESC + CR, ATE1, then a probe answered after its echo.
    private async Task<int> PlayResyncAsync(Func<Task>? afterEscape = null)
    {
        var first = await ReadCommandAsync();
        Assert.Matches("^\u001b+$", first);
        if (afterEscape is not null)
        {
            await afterEscape();
        }

        var second = await ReadCommandAsync();
        Assert.Equal("ATE1", second.TrimStart('\u001b'));
        await SendAsync("\r\nOK\r\n");
        var probe = await ReadCommandAsync();
        Assert.Matches(@"^AT\+C(MEE|SCS|MGF)\?$", probe);
        await SendAsync($"{probe}\r\r\n{probe[2..^1]}: 1\r\n\r\nOK\r\n");
        return first.Length + second.Length - second.TrimStart('\u001b').Length;
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
