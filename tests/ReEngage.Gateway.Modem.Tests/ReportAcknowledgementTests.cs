using Microsoft.Extensions.Time.Testing;
using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Modem.Simulation;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>
/// AT+CSMS=1 / AT+CNMA: a routed status report is acknowledged only after the consumer saved it, and one
/// never acknowledged is not lost — the modem switches routing off and stores later ones, the network
/// retries the unacknowledged one, and the session restores routing and sweeps (27.005 §3.2.1, §3.4.4).
/// </summary>
public sealed class ReportAcknowledgementTests : IAsyncDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly SimulatedModem modem;
    private readonly ModemSession session;

    public ReportAcknowledgementTests()
    {
        var network = new SimulatedNetwork(new SimulatedNetworkOptions { StatusReportDelay = TimeSpan.FromSeconds(5), ReportRetryDelay = TimeSpan.FromSeconds(60) }, clock);
        modem = new SimulatedModem(new SimulatedModemOptions { SendDelay = TimeSpan.Zero, AcknowledgementTimeout = TimeSpan.FromSeconds(15) }, network);
        session = new ModemSession(new AtChannel(modem.ConnectInMemory(), modem.Name), new ModemSessionOptions { Name = modem.Name, CommandTimeout = TimeSpan.FromSeconds(3), WakeAttempts = 4 });
    }

    public async ValueTask DisposeAsync()
    {
        await session.DisposeAsync();
        await modem.DisposeAsync();
    }

    [Fact]
    public async Task RoutedReport_IsAcknowledged_OnlyWhenTheConsumerSaysItIsSaved()
    {
        await session.InitializeAsync();
        Assert.True(session.AcknowledgesRouted);
        Assert.Contains("AT+CSMS=1", modem.Commands);
        var mr = (await SendAsync("one")).MessageReferences[0];

        clock.Advance(TimeSpan.FromSeconds(5));
        var report = await NextReportAsync();
        Assert.Equal(mr, report.Report.MessageReference);
        await Task.Delay(100); // give an eager acknowledgement every chance to show
        Assert.DoesNotContain("AT+CNMA", modem.Commands);
        Assert.True(modem.AwaitingAcknowledgement);

        await report.AcknowledgeAsync();
        Assert.Contains("AT+CNMA", modem.Commands);
        Assert.False(modem.AwaitingAcknowledgement);
    }

    [Fact]
    public async Task NextRoutedReport_WaitsForTheAcknowledgementOfThePrevious()
    {
        await session.InitializeAsync();
        var first = (await SendAsync("one")).MessageReferences[0];
        var second = (await SendAsync("two")).MessageReferences[0];
        clock.Advance(TimeSpan.FromSeconds(5));

        var report = await NextReportAsync();
        Assert.Equal(first, report.Report.MessageReference);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NextReportAsync(TimeSpan.FromMilliseconds(300)));

        await report.AcknowledgeAsync();
        var next = await NextReportAsync();
        Assert.Equal(second, next.Report.MessageReference);
        await next.AcknowledgeAsync();
    }

    [Fact]
    public async Task ReportNeverAcknowledged_IsNotLost_TheModemStoresLaterOnes_AndTheNetworkRetries()
    {
        await session.InitializeAsync();
        var first = (await SendAsync("one")).MessageReferences[0];
        var second = (await SendAsync("two")).MessageReferences[0];
        clock.Advance(TimeSpan.FromSeconds(5));
        var lost = await NextReportAsync(); // the consumer dies before saving it: never acknowledged
        Assert.Equal(first, lost.Report.MessageReference);

        // The network's acknowledgement timer runs out: routing off, the waiting report stored in "SR".
        clock.Advance(TimeSpan.FromSeconds(15));
        await WaitUntil(() => modem.StoredReportCount == 1);
        Assert.False(await session.EnsureRoutingAsync()); // noticed, set again, swept

        var stored = await NextReportAsync();
        Assert.Equal(second, stored.Report.MessageReference);
        await stored.AcknowledgeAsync();
        await WaitUntil(() => modem.StoredReportCount == 0);

        // The network tries the unacknowledged one again, and it is routed once more.
        clock.Advance(TimeSpan.FromSeconds(60));
        var again = await NextReportAsync();
        Assert.Equal(first, again.Report.MessageReference);
        await again.AcknowledgeAsync();
        Assert.False(modem.AwaitingAcknowledgement);
    }

    [Fact]
    public async Task LateAcknowledgement_IsRefusedByTheModem_AndTheSessionRestoresRouting()
    {
        await session.InitializeAsync();
        await SendAsync("one");
        clock.Advance(TimeSpan.FromSeconds(5));
        var report = await NextReportAsync();
        clock.Advance(TimeSpan.FromSeconds(15)); // too late: the modem gave up waiting
        await WaitUntil(() => !modem.AwaitingAcknowledgement);

        var routingSets = modem.Commands.Count(c => c == "AT+CNMI=2,1,0,1,0");
        await report.AcknowledgeAsync(); // +CMS ERROR: 340
        Assert.Equal(routingSets + 1, modem.Commands.Count(c => c == "AT+CNMI=2,1,0,1,0"));
        Assert.True(await session.EnsureRoutingAsync());
    }

    [Fact]
    public async Task ReportsStoredWhileNobodyListened_AreSweptAtStart_AndDeletedOnlyOnceSaved()
    {
        // Before the gateway started, the modem routed nothing (CNMI 0,0 after power-on) and filed reports in "SR".
        await session.InitializeAsync();
        await SendAsync("one");
        await session.ExecuteRawAsync("AT+CNMI=2,1,0,0,0");
        clock.Advance(TimeSpan.FromSeconds(5));
        await WaitUntil(() => modem.StoredReportCount == 1);

        await session.InitializeAsync(); // a restart of the gateway
        var report = await NextReportAsync();
        Assert.Equal(1, modem.StoredReportCount);
        await report.AcknowledgeAsync();
        Assert.Equal(0, modem.StoredReportCount);
    }

    [Fact]
    public async Task WithoutAcknowledgement_Csms0_ARoutedReportNobodyReads_IsGone()
    {
        // Why CSMS=1 matters: in phase 2 the modem acknowledges a routed report itself.
        await session.InitializeAsync();
        await session.ExecuteRawAsync("AT+CSMS=0");
        await SendAsync("one");
        modem.Unplug(); // the gateway is not there to read the +CDS
        clock.Advance(TimeSpan.FromSeconds(5));
        await WaitUntil(() => modem.ReportsRouted == 1); // the report did arrive, and was shown as +CDS to nobody
        clock.Advance(TimeSpan.FromSeconds(120)); // past any retry the network would make
        Assert.Equal(1, modem.ReportsRouted); // never routed again: the network was told it was delivered
        Assert.Equal(0, modem.StoredReportCount); // and the modem kept nothing to sweep
        Assert.False(modem.AwaitingAcknowledgement);
    }

    private Task<SendResult> SendAsync(string text) =>
        session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", text, new SmsSubmitOptions { StatusReport = true }));

    private async Task<StatusReportReceived> NextReportAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource();
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            if (await session.Events.ReadAsync(cts.Token) is StatusReportReceived report)
            {
                return report;
            }
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!condition())
        {
            await Task.Delay(10, cts.Token);
        }
    }
}
