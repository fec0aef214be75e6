namespace ReEngage.Gateway.Tests;

/// <summary>The same inbound SMS delivered twice by the network (a retry after a late acknowledgement) is stored once.</summary>
public sealed class InboundRetryTests : IAsyncLifetime
{
    private readonly GatewayFactory factory = new();
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        await factory.WaitForModemsAsync();
        client = factory.Api();
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task NetworkRetry_IsStoredOnce_ButTheSameWordsSentAgainAreANewMessage()
    {
        var modem = factory.Modems.Find("sim-1")!.Simulated!;
        var stamp = new DateTimeOffset(2026, 11, 30, 18, 5, 9, TimeSpan.FromHours(1));
        var text = "Sì, prenoto per sabato " + new string('.', 170); // two parts

        modem.InjectInbound("+393471112222", text, reference: 33, timestamp: stamp);
        await WaitForCountAsync(text, 1);
        modem.InjectInbound("+393471112222", text, reference: 33, timestamp: stamp); // the network's retry
        await WaitUntilStorageEmptyAsync(modem);
        Assert.Equal(1, await CountAsync(text));

        modem.InjectInbound("+393471112222", text, reference: 34, timestamp: stamp.AddMinutes(3)); // sent again by the person
        await WaitForCountAsync(text, 2);
    }

    private async Task<int> CountAsync(string text)
    {
        var items = await (await client.GetAsync("/api/v1/inbound?limit=500")).JsonAsync();
        return items.EnumerateArray().Count(i => i.GetProperty("text").GetString() == text);
    }

    private async Task WaitForCountAsync(string text, int count)
    {
        for (var i = 0; i < 100 && await CountAsync(text) < count; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(count, await CountAsync(text));
    }

    private static async Task WaitUntilStorageEmptyAsync(Modem.Simulation.SimulatedModem modem)
    {
        // Both parts of the retry were read, matched to the stored message, and deleted from the modem.
        await Task.Delay(200);
        for (var i = 0; i < 100 && modem.StoredCount > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, modem.StoredCount);
    }
}
