using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Modem.Simulation;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>
/// The simulated modem's record of commands and answers keeps the latest ones only: a simulated gateway runs for days
/// (a demo, the load harness), and a record of every command grew without end. Sequence numbers keep counting from
/// the first command, so a transcript read late still says where each exchange stood.
/// </summary>
public sealed class SimulatedRecordTests
{
    [Fact]
    public async Task TheRecord_KeepsTheLatestCommands_WithTheirPlaceAmongAll()
    {
        await using var modem = new SimulatedModem(new SimulatedModemOptions { RecordLimit = 20 });
        await using var channel = new AtChannel(modem.ConnectInMemory(), modem.Name);

        for (var i = 0; i < 50; i++)
        {
            await channel.ExecuteAsync(i % 2 == 0 ? "AT" : "AT+CSQ");
        }

        Assert.InRange(modem.Commands.Count, 18, 20);
        Assert.Equal("AT+CSQ", modem.Commands[^1]);
        var transcript = modem.Transcript;
        Assert.InRange(transcript.Count, 18, 20);
        Assert.Equal(49, transcript[^1].Sequence);
        Assert.Equal(Enumerable.Range(50 - transcript.Count, transcript.Count), transcript.Select(e => e.Sequence));
    }
}
