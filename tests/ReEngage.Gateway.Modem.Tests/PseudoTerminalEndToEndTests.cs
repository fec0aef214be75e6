using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Modem.Simulation;
using ReEngage.Gateway.Modem.Transport;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>The real SerialPort code path, opening a device path, against the simulator on a pseudo-terminal.</summary>
public sealed class PseudoTerminalEndToEndTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("reengage-pty-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task SerialPort_InitialisesSendsAndReceives_ThroughADevicePath()
    {
        var link = Path.Combine(folder, "ttyMODEM");
        await using var modem = new SimulatedModem(new SimulatedModemOptions { SendDelay = TimeSpan.FromMilliseconds(5) }, new SimulatedNetwork(new SimulatedNetworkOptions { StatusReportDelay = TimeSpan.FromMilliseconds(20) }));
        using var pty = PseudoTerminal.Open(link);
        _ = modem.Serve(pty.Master);

        await using var session = new ModemSession(new AtChannel(SerialModemTransport.Open(link), "pty"), new ModemSessionOptions { Name = "pty" });
        var identity = await session.InitializeAsync();
        Assert.Equal("356938035643809", identity.Imei);

        var text = new string('a', 150) + " [€] " + new string('b', 200);
        var result = await session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", text, new SmsSubmitOptions { StatusReport = true, Reference = 4 }));
        Assert.Equal(3, result.MessageReferences.Count);
        var received = modem.Network.Submitted.Select(s => (SmsSubmit)PduDecoder.Decode(s.Pdu)).ToList();
        Assert.Equal(text, string.Concat(received.Select(r => r.UserData.Text)));

        var reports = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (reports < 3)
        {
            if (await session.Events.ReadAsync(cts.Token) is StatusReportReceived report)
            {
                Assert.Contains(report.Report.MessageReference, result.MessageReferences);
                await report.AcknowledgeAsync(cts.Token);
                reports++;
            }
        }

        modem.InjectInbound("+393471111111", "Risposta: 3");
        while (true)
        {
            if (await session.Events.ReadAsync(cts.Token) is InboundSmsReceived inbound)
            {
                Assert.Equal("Risposta: 3", inbound.Message.Text);
                break;
            }
        }
    }

    [Fact]
    public async Task Unplug_IsNoticed_AndReplugOnANewPty_ComesBackAsTheSameModemByImei()
    {
        var link = Path.Combine(folder, "ttyMODEM");
        await using var modem = new SimulatedModem();
        var first = PseudoTerminal.Open(link);
        _ = modem.Serve(first.Master);
        await using var supervisor = new ModemSupervisor(new ModemSupervisorOptions
        {
            Device = link,
            HealthInterval = TimeSpan.FromMilliseconds(200),
            ReconnectMinimum = TimeSpan.FromMilliseconds(100),
            Session = new ModemSessionOptions { Name = "pty", WakeAttempts = 4 },
        });
        supervisor.Start();
        await SupervisorTests.WaitForState(supervisor, ModemState.Online);
        var before = supervisor.Identity!;

        modem.Unplug();
        first.Dispose(); // the device node goes away, as /dev/ttyUSB0 does when the stick is pulled
        await SupervisorTests.WaitForState(supervisor, ModemState.Offline);
        Assert.Null(supervisor.Session);

        using var spare = PseudoTerminal.Open(); // takes the old number, so the modem comes back under a new one
        using var second = PseudoTerminal.Open(link);
        Assert.NotEqual(first.SlavePath, second.SlavePath); // like /dev/ttyUSB0 coming back as /dev/ttyUSB1
        _ = modem.Serve(second.Master);
        await SupervisorTests.WaitForState(supervisor, ModemState.Online);
        Assert.Equal(before.Imei, supervisor.Identity!.Imei);
        Assert.Equal(before.Iccid, supervisor.Identity.Iccid);
        Assert.Single((await supervisor.Session!.SendAsync(SmsSubmitEncoder.Encode("+393471234567", "back"))).MessageReferences);
    }

    [Fact]
    public void OpeningAMissingDevice_SaysWhich()
    {
        var ex = Assert.Throws<ModemDisconnectedException>(() => SerialModemTransport.Open(Path.Combine(folder, "nothing")));
        Assert.Contains("nothing", ex.Message, StringComparison.Ordinal);
    }
}
