using System.Text;
using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Modem.At.Replies;
using ReEngage.Gateway.Modem.Simulation;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>The offline framing of captured replies, on inputs written for these tests.</summary>
public sealed class AtReplyReaderTests
{
    [Theory]
    [InlineData("AT+CSQ\n+CSQ: 20,0\nOK\n")]
    [InlineData("AT+CSQ\r\n+CSQ: 20,0\r\nOK\r\n")]
    [InlineData("AT+CSQ\r\r\n+CSQ: 20,0\r\r\n\r\nOK\r\n\r\n")]
    [InlineData("AT+CSQ\r+CSQ: 20,0\rOK\r")]
    [InlineData("AT+CSQ\rAT+CSQ\r\r\n\n\n+CSQ: 20,0\r\n\r\n\r\nOK")]
    public void AnyLineEnding_BlankLines_AndRepeatedEcho_FrameAlike(string raw)
    {
        var reply = AtReplyReader.Read(raw, "AT+CSQ");
        Assert.Equal(["+CSQ: 20,0"], reply.Lines);
        Assert.Equal("OK", reply.Final);
        Assert.Empty(reply.Urcs);
    }

    [Fact]
    public void UrcsBeforeTheEcho_AreUrcs_AndTheAnswerStillCompletes()
    {
        var reply = AtReplyReader.Read("+CMTI: \"ME\",7\r\n^RSSI:18\r\nAT+CPMS?\r\r\n+CPMS: \"ME\",3,50,\"ME\",3,50,\"ME\",3,50\r\n\r\nOK\r\n", "AT+CPMS?");
        Assert.Equal(["+CMTI: \"ME\",7", "^RSSI:18"], reply.Urcs.Select(u => u.Line));
        Assert.Single(reply.Lines);
        Assert.Equal("AT+CPMS?", Assert.Single(reply.Echoes));
    }

    [Fact]
    public void MissingFinal_IsNull_AndAnErrorFinalIsRead()
    {
        Assert.Null(AtReplyReader.Read("AT+CPIN?\r\n+CPIN: SIM PIN\r\n", "AT+CPIN?").Final);
        var error = AtReplyReader.Read("AT+CMGS=20\r\n+CMS ERROR: 330", "AT+CMGS=20").Error;
        Assert.Equal(new AtError(AtErrorKind.MessageService, 330, null, "+CMS ERROR: 330"), error);
        Assert.Equal("SIM busy", AtError.Parse("+CME ERROR: SIM busy")!.Text);
        Assert.Null(AtError.Parse("OK"));
    }

    [Fact]
    public void EchoWithOtherArguments_OrTrailingNoise_IsAnEcho_ButAnInformationLineIsNot()
    {
        Assert.True(AtReplyReader.IsEcho("AT+CLCK=\"SC\",2", "AT+CLCK=\"SC\",0"));
        Assert.True(AtReplyReader.IsEcho("ATI3'", "ATI3"));
        Assert.False(AtReplyReader.IsEcho("+CGMM: AT100", "AT+CGMM"));
        var reply = AtReplyReader.Read("AT+CGMM\nATLAS 4G\nOK\n", "AT+CGMM");
        Assert.Equal(["ATLAS 4G"], reply.Lines); // only lines before the first information line can be echoes
    }

    [Fact]
    public void CusdWithALineBreakInsideItsString_IsOneUrc_AndTwoLineUrcsKeepTheirPdu()
    {
        var reply = AtReplyReader.Read("\r\n+CUSD: 1,\"Menu\r\n1 Balance\r\n2 Bundles\",15\r\n\r\n+CDS: 6\r\n0006AB0000FF\r\n");
        Assert.Equal("+CUSD: 1,\"Menu\n1 Balance\n2 Bundles\",15", reply.Urcs[0].Line);
        Assert.Equal(new AtUrc("+CDS: 6", "0006AB0000FF"), reply.Urcs[1]);
    }

    [Fact]
    public void InformationLines_KeepTheirSpaces_ForTextThatEndsInOne()
    {
        var reply = AtReplyReader.Read("AT+CMGR=2\n+CMGR: \"REC UNREAD\",\"+15550100\",,\"24/01/02,03:04:05+04\"\nSee you \nOK\n", "AT+CMGR=2");
        Assert.Equal("See you ", MessageReadParser.ParseText(reply.Lines).Value!.Text);
    }

    [Fact]
    public async Task FramesTheSameLines_AsTheLiveChannel()
    {
        // What the parsers see from AtResponse.Lines must be what they see from a capture of the same bytes.
        const string bytes = "AT+COPS=?\r\r\n+COPS: (2,\"Alpha Net\",\"ALPHA\",\"00101\",7),\r\n(1,\"Beta\",\"B\",\"00102\",2),,(0-4),(0-2)\r\n\n\r\n+CREG: 5\r\nOK\r\n";
        var (host, device) = InMemoryDuplexStream.CreatePair();
        await using var channel = new AtChannel(host, "test");
        await using var modem = device;
        var pending = channel.ExecuteAsync("AT+COPS=?");
        var buffer = new byte[64];
        await modem.ReadAtLeastAsync(buffer, "AT+COPS=?\r".Length); // the command
        await modem.WriteAsync(Encoding.ASCII.GetBytes(bytes));
        var live = await pending;

        var offline = AtReplyReader.Read(bytes, "AT+COPS=?");
        Assert.Equal(live.Lines, offline.Lines.Select(l => l.Trim()));
        Assert.Equal(live.Final, offline.Final);
        Assert.Equal((await channel.Unsolicited.ReadAsync()).Line, Assert.Single(offline.Urcs).Line);
        Assert.Equal(OperatorListParser.Parse(live.Lines).Value!.Select(o => o.Numeric), ["00101", "00102"]);
    }
}
