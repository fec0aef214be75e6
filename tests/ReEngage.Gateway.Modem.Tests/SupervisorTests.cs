using ReEngage.Gateway.Modem.Simulation;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem.Tests;

public class SupervisorTests
{
    internal static async Task WaitForState(ModemSupervisor supervisor, ModemState state, int seconds = 15)
    {
        for (var i = 0; i < seconds * 20 && supervisor.State != state; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(state, supervisor.State);
    }

    internal static async Task WaitForTransition(ModemSupervisor supervisor, ModemState state)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (await supervisor.Events.ReadAsync(cts.Token) is not ModemStateChanged changed || changed.State != state)
        {
        }
    }

    private static ModemSupervisor InMemory(SimulatedModem modem, ModemSessionOptions? session = null, Func<bool>? present = null) =>
        new(
            new ModemSupervisorOptions
            {
                Device = "/dev/simulated",
                HealthInterval = TimeSpan.FromMilliseconds(150),
                LivenessTimeout = TimeSpan.FromMilliseconds(200),
                ReconnectMinimum = TimeSpan.FromMilliseconds(50),
                UsbResetOnHang = false,
                Session = (session ?? new ModemSessionOptions()) with { Name = modem.Name, WakeAttempts = 3, CommandTimeout = TimeSpan.FromSeconds(1) },
            },
            _ => modem.ConnectInMemory(),
            _ => present?.Invoke() ?? true);

    [Fact]
    public async Task ModemThatWasUnplugged_IsReconnected()
    {
        await using var modem = new SimulatedModem();
        await using var supervisor = InMemory(modem);
        supervisor.Start();
        await WaitForState(supervisor, ModemState.Online);
        modem.Unplug();
        await WaitForTransition(supervisor, ModemState.Offline);
        await WaitForState(supervisor, ModemState.Online);
        Assert.Single((await supervisor.Session!.SendAsync(SmsSubmitEncoder.Encode("+393471234567", "reconnected"))).MessageReferences);
    }

    [Fact]
    public async Task HungModem_IsDetectedByTheWatchdog_AndRecoversWhenItAnswersAgain()
    {
        await using var modem = new SimulatedModem();
        await using var supervisor = InMemory(modem);
        supervisor.Start();
        await WaitForState(supervisor, ModemState.Online);
        modem.Hang();
        await WaitForState(supervisor, ModemState.Offline);
        Assert.Contains("stopped answering", supervisor.LastError, StringComparison.Ordinal);
        modem.Hang(false);
        await WaitForState(supervisor, ModemState.Online);
    }

    [Fact]
    public async Task WrongPin_StopsSupervision_WithoutEverRetryingThePin()
    {
        await using var modem = new SimulatedModem(new SimulatedModemOptions { Pin = "1111" });
        await using var supervisor = InMemory(modem, new ModemSessionOptions { Pin = "2222" });
        supervisor.Start();
        await WaitForState(supervisor, ModemState.Failed);
        await Task.Delay(500);
        Assert.Single(modem.Commands, c => c.StartsWith("AT+CPIN=", StringComparison.Ordinal));
        Assert.Contains("refused the configured PIN", supervisor.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenerThatThrowsSomethingUnexpected_DoesNotEndSupervision()
    {
        await using var modem = new SimulatedModem();
        var calls = 0;
        await using var supervisor = new ModemSupervisor(
            new ModemSupervisorOptions { Device = "/dev/simulated", ReconnectMinimum = TimeSpan.FromMilliseconds(20), Session = new ModemSessionOptions { WakeAttempts = 3 } },
            _ => ++calls < 3 ? throw new InvalidOperationException("driver exploded") : modem.ConnectInMemory(),
            _ => true);
        supervisor.Start();
        await WaitForState(supervisor, ModemState.Online);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task DeviceThatIsNotThereYet_IsPickedUpWhenItAppears()
    {
        await using var modem = new SimulatedModem();
        var plugged = false;
        await using var supervisor = InMemory(modem, present: () => plugged);
        supervisor.Start();
        await Task.Delay(300);
        Assert.NotEqual(ModemState.Online, supervisor.State);
        plugged = true;
        await WaitForState(supervisor, ModemState.Online);
    }

    [Fact]
    public async Task Events_OfTheSession_AreForwarded()
    {
        await using var modem = new SimulatedModem();
        await using var supervisor = InMemory(modem);
        supervisor.Start();
        await WaitForState(supervisor, ModemState.Online);
        modem.InjectInbound("+393471234567", "hello supervisor");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            if (await supervisor.Events.ReadAsync(cts.Token) is InboundSmsReceived inbound)
            {
                Assert.Equal("hello supervisor", inbound.Message.Text);
                break;
            }
        }
    }
}
