using ReEngage.Gateway.Modem.Simulation;

namespace ReEngage.Gateway.Cli.Tests;

/// <summary>The modem commands against a simulated modem on a pseudo-terminal, through the real serial path.</summary>
public sealed class ModemCommandTests : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("reengage-cli-").FullName;
    private readonly SimulatedModem modem;
    private readonly PseudoTerminal pty;

    public ModemCommandTests()
    {
        modem = new SimulatedModem(new SimulatedModemOptions { Dialect = SimulatedDialect.QuectelEc25, SendDelay = TimeSpan.FromMilliseconds(5) }, new SimulatedNetwork(new SimulatedNetworkOptions { StatusReportDelay = TimeSpan.FromMilliseconds(50) }));
        Directory.CreateDirectory(Path.Combine(folder, "serial", "by-id"));
        pty = PseudoTerminal.Open(Path.Combine(folder, "serial", "by-id", "usb-Quectel_EC25-if02-port0"));
        _ = modem.Serve(pty.Master);
    }

    private string Device => pty.LinkPath!;

    public async ValueTask DisposeAsync()
    {
        await modem.DisposeAsync();
        pty.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Probe_PrintsIdentitySimSignalRegistrationOperatorAndSmsc()
    {
        var (exit, output, _) = await CliRunner.Run("modem", "probe", Device);
        Assert.Equal(0, exit);
        Assert.Contains("Quectel EC25", output, StringComparison.Ordinal);
        Assert.Contains("profile quectel", output, StringComparison.Ordinal);
        Assert.Contains("IMEI:         356938035643809", output, StringComparison.Ordinal);
        Assert.Contains("ICCID:        8939104520003462541", output, StringComparison.Ordinal);
        Assert.Contains("-73 dBm, 4/4 bars", output, StringComparison.Ordinal);
        Assert.Contains("registered (home network)", output, StringComparison.Ordinal);
        Assert.Contains("SMSC:         +393359609600", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_Concatenated_PrintsEachPartsReference_AndWaitsForTheReports()
    {
        var (exit, output, error) = await CliRunner.Run("modem", "send", Device, "+393471234567", new string('r', 200), "--wait", "10");
        Assert.True(exit == 0, error);
        Assert.Contains("part 1/2: TP-MR 0", output, StringComparison.Ordinal);
        Assert.Contains("part 2/2: TP-MR 1", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split('\n').Count(l => l.Contains(": delivered", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Send_TextStartingWithAt_GoesOutAsTyped()
    {
        var (exit, _, error) = await CliRunner.Run("modem", "send", Device, "+393471234567", "@home tonight?");
        Assert.True(exit == 0, error);
        var sent = Assert.Single(modem.Network.Submitted);
        Assert.Equal("@home tonight?", ((ReEngage.Gateway.Sms.SmsSubmit)ReEngage.Gateway.Sms.PduDecoder.Decode(sent.Pdu)).UserData.Text);
    }

    [Fact]
    public async Task Send_Refused_ExplainsTheErrorClass()
    {
        modem.FailNextSends(42);
        var (exit, _, error) = await CliRunner.Run("modem", "send", Device, "+393471234567", "x");
        Assert.Equal(3, exit);
        Assert.Contains("CMS 42", error, StringComparison.Ordinal);
        Assert.Contains("Congestion", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_WithoutTheSimPin_SaysWhatIsMissing()
    {
        await using var locked = new SimulatedModem(new SimulatedModemOptions { Pin = "1234" });
        using var lockedPty = PseudoTerminal.Open(Path.Combine(folder, "locked"));
        _ = locked.Serve(lockedPty.Master);
        var (exit, _, error) = await CliRunner.Run("modem", "probe", lockedPty.LinkPath!);
        Assert.Equal(3, exit);
        Assert.Contains("SIM sim pin", error, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.Run("modem", "probe", lockedPty.LinkPath!, "--pin", "1234")).Exit);
    }

    [Fact]
    public async Task At_PrintsTheRawAnswer()
    {
        var (exit, output, _) = await CliRunner.Run("at", Device, "AT+CSQ");
        Assert.Equal(0, exit);
        Assert.Equal(["+CSQ: 20,99", "OK"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task List_FindsTheStableLink_AndIdentifiesTheModem()
    {
        var (exit, output, _) = await CliRunner.Run("modem", "list", "--root", folder);
        Assert.Equal(0, exit);
        Assert.Contains("usb-Quectel_EC25-if02-port0 -> /dev/pts/", output, StringComparison.Ordinal);
        Assert.Contains("IMEI 356938035643809", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingDevice_IsADeviceError()
    {
        var (exit, _, error) = await CliRunner.Run("modem", "probe", Path.Combine(folder, "nope"));
        Assert.Equal(3, exit);
        Assert.Contains("Cannot open", error, StringComparison.Ordinal);
    }
}
