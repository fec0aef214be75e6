using Microsoft.Data.Sqlite;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// The gateway acknowledges a routed status report to the modem (AT+CNMA) only after the report is saved:
/// while the database cannot take the write, the modem is still waiting and holds the report.
/// </summary>
public sealed class ReportAcknowledgementTests : IAsyncLifetime
{
    private readonly GatewayFactory factory = new(new Dictionary<string, string?>
    {
        ["Gateway:Simulation:StatusReportDelay"] = "00:00:01.500",
        ["Gateway:Database:Provider"] = "Sqlite", // the test holds SQLite's write lock to make the save wait
    });
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        await factory.WaitForModemsAsync();
        client = factory.Api();
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task RoutedReport_IsAcknowledgedToTheModem_OnlyAfterItIsSaved()
    {
        var id = await client.SendAsync(new { to = "+393475550123", text = "ack after save" });
        var sent = await client.WaitForStatusAsync(id, "sent");
        var modem = factory.Modems.Find(sent.GetProperty("modem").GetString()!)!.Simulated!;
        var acknowledgementsBefore = modem.Commands.Count(c => c == "AT+CNMA");

        // Another writer holds the database: the report that arrives now cannot be saved yet.
        await using (var blocker = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "gateway.db")}"))
        {
            await blocker.OpenAsync();
            await using var hold = blocker.BeginTransaction(deferred: false);
            for (var i = 0; i < 100 && !modem.AwaitingAcknowledgement; i++)
            {
                await Task.Delay(50);
            }

            Assert.True(modem.AwaitingAcknowledgement, "the report should have been routed to the gateway");
            await Task.Delay(1000);
            Assert.True(modem.AwaitingAcknowledgement, "acknowledged although it could not be saved");
            Assert.Equal(acknowledgementsBefore, modem.Commands.Count(c => c == "AT+CNMA"));
            Assert.Equal("sent", (await client.WaitForStatusAsync(id, "sent", "delivered")).GetProperty("status").GetString());
            await hold.RollbackAsync();
        }

        await client.WaitForStatusAsync(id, "delivered");
        for (var i = 0; i < 100 && modem.AwaitingAcknowledgement; i++)
        {
            await Task.Delay(50);
        }

        Assert.False(modem.AwaitingAcknowledgement);
        Assert.Equal(acknowledgementsBefore + 1, modem.Commands.Count(c => c == "AT+CNMA"));
    }
}
