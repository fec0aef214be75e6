using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Modem.Simulation;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>A session talking to a simulated modem over an in-memory pipe.</summary>
internal sealed class SessionFixture : IAsyncDisposable
{
    private SessionFixture(SimulatedModem modem, ModemSession session)
    {
        Modem = modem;
        Session = session;
    }

    public SimulatedModem Modem { get; }

    public ModemSession Session { get; }

    public static SessionFixture Create(SimulatedModemOptions? modemOptions = null, ModemSessionOptions? sessionOptions = null, SimulatedNetwork? network = null)
    {
        var modem = new SimulatedModem(modemOptions ?? new SimulatedModemOptions { SendDelay = TimeSpan.FromMilliseconds(5) }, network ?? new SimulatedNetwork(new SimulatedNetworkOptions { StatusReportDelay = TimeSpan.FromMilliseconds(30) }));
        var channel = new AtChannel(modem.ConnectInMemory(), modem.Name);
        var session = new ModemSession(channel, (sessionOptions ?? new ModemSessionOptions()) with { Name = modem.Name, CommandTimeout = TimeSpan.FromSeconds(3), WakeAttempts = 4 });
        return new SessionFixture(modem, session);
    }

    public async Task<T> NextEventAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null)
        where T : ModemEvent
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var next = await Session.Events.ReadAsync(cts.Token);
            if (next is T wanted && (match is null || match(wanted)))
            {
                return wanted;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Modem.DisposeAsync();
    }
}
