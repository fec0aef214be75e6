using System.Net.Http.Json;
using ReEngage.Gateway.Modem.Simulation;

namespace ReEngage.Gateway.Tests;

/// <summary>The gateway with a configured modem: SerialPort on a pseudo-terminal, served by a simulated modem.</summary>
public sealed class SerialModemGatewayTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("reengage-gw-pty-").FullName;
    private readonly SimulatedModem modem = new(new SimulatedModemOptions { Name = "usb", Dialect = SimulatedDialect.QuectelEc25, SendDelay = TimeSpan.FromMilliseconds(10) }, new SimulatedNetwork(new SimulatedNetworkOptions { StatusReportDelay = TimeSpan.FromMilliseconds(100) }));
    private PseudoTerminal pty = null!;
    private GatewayFactory factory = null!;

    private string Link => Path.Combine(folder, "ttyQuectel");

    public Task InitializeAsync()
    {
        pty = PseudoTerminal.Open(Link);
        _ = modem.Serve(pty.Master);
        factory = new GatewayFactory(new()
        {
            ["Gateway:Simulation:Enabled"] = "false",
            ["Gateway:Modems:0:Name"] = "quectel-1",
            ["Gateway:Modems:0:Device"] = Link,
            ["Gateway:Modems:0:PerMinute"] = "600",
        });
        return factory.WaitForModemsAsync();
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await modem.DisposeAsync();
        pty.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task ConfiguredModem_SendsThroughTheSerialPort_AndSurvivesUnplugAndReplug()
    {
        var client = factory.Api();
        var modems = await (await client.GetAsync("/api/v1/modems")).JsonAsync();
        Assert.Equal("quectel-1", modems[0].GetProperty("name").GetString());
        Assert.Equal(Link, modems[0].GetProperty("device").GetString());
        Assert.Equal("356938035643809", modems[0].GetProperty("imei").GetString());

        // Simulation endpoints exist only in simulation mode.
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/v1/simulation/clock", new { advance = "01:00:00" })).StatusCode);

        var first = await client.SendAsync(new { to = "+393471234567", text = new string('s', 200) });
        Assert.Equal(2, (await client.WaitForStatusAsync(first, "delivered")).GetProperty("partsDelivered").GetInt32());
        modem.Unplug();
        pty.Dispose(); // the device node disappears
        for (var i = 0; i < 300 && factory.Modems.Handles[0].CanSend; i++)
        {
            await Task.Delay(50);
        }
        var waiting = await client.SendAsync(new { to = "+393471234567", text = "sent after replug" });
        await Task.Delay(300);
        Assert.Equal("queued", (await (await client.GetAsync($"/api/v1/messages/{waiting}")).JsonAsync()).GetProperty("status").GetString());
        Assert.Equal("unhealthy", (await (await factory.CreateClient().GetAsync("/healthz")).JsonAsync()).GetProperty("status").GetString());
        using var spare = PseudoTerminal.Open(); // so the modem comes back under another /dev/pts number
        pty = PseudoTerminal.Open(Link);
        _ = modem.Serve(pty.Master);
        await client.WaitForStatusAsync(waiting, "delivered");
    }
}
