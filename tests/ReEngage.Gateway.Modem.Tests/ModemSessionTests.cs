using ReEngage.Gateway.Modem.Simulation;
using ReEngage.Gateway.Sms;
using ReEngage.Gateway.Sms.Tests;

namespace ReEngage.Gateway.Modem.Tests;

public class ModemSessionTests
{
    [Fact]
    public async Task Initialize_ReadsIdentityAndHealth_AndConfiguresPduModeAndIndications()
    {
        await using var f = SessionFixture.Create();
        var identity = await f.Session.InitializeAsync();

        Assert.Equal("356938035643809", identity.Imei);
        Assert.Equal("8939104520003462541", identity.Iccid);
        Assert.Equal("222104520034625", identity.Imsi);
        Assert.Equal("+393359609600", identity.ServiceCentre);
        Assert.Equal(RegistrationState.Home, f.Session.Health.Registration);
        Assert.Equal(-73, f.Session.Health.SignalDbm);
        Assert.Equal(4, f.Session.Health.SignalBars);
        Assert.Equal("ReEngage Sim", f.Session.Health.Operator);
        Assert.Contains("ATE1", f.Modem.Commands); // echo on: answers are matched to their command's echo (AtChannel.Sync)
        Assert.Contains("AT+CMGF=0", f.Modem.Commands);
        Assert.Contains("AT+CNMI=2,1,0,1,0", f.Modem.Commands);
    }

    [Fact]
    public async Task Initialize_EntersTheConfiguredPin()
    {
        await using var f = SessionFixture.Create(new SimulatedModemOptions { Pin = "4321" }, new ModemSessionOptions { Pin = "4321" });
        await f.Session.InitializeAsync();
        Assert.Single(f.Modem.Commands, c => c.StartsWith("AT+CPIN=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongPin_IsTriedOnce_AndNeverAgain()
    {
        await using var f = SessionFixture.Create(new SimulatedModemOptions { Pin = "4321" }, new ModemSessionOptions { Pin = "0000" });
        var ex = await Assert.ThrowsAsync<SimNotReadyException>(() => f.Session.InitializeAsync());
        Assert.Equal("SIM PIN", ex.State);
        Assert.Contains("will not be tried again", ex.Message, StringComparison.Ordinal);
        Assert.Single(f.Modem.Commands, c => c.StartsWith("AT+CPIN=", StringComparison.Ordinal));
        Assert.DoesNotContain("0000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinRequired_ButNoneConfigured_SaysWhichSettingIsMissing()
    {
        await using var f = SessionFixture.Create(new SimulatedModemOptions { Pin = "4321" });
        var ex = await Assert.ThrowsAsync<SimNotReadyException>(() => f.Session.InitializeAsync());
        Assert.Contains("Pin", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(f.Modem.Commands, c => c.StartsWith("AT+CPIN=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingSim_IsReportedClearly()
    {
        await using var f = SessionFixture.Create(new SimulatedModemOptions { SimInserted = false });
        var ex = await Assert.ThrowsAsync<SimNotReadyException>(() => f.Session.InitializeAsync());
        Assert.Equal("NOT INSERTED", ex.State);
    }

    [Fact]
    public async Task Send_ThreePartMessage_ReturnsEachPartsReference_AndReportsMatchThem()
    {
        await using var f = SessionFixture.Create(new SimulatedModemOptions { FirstMessageReference = 254, SendDelay = TimeSpan.FromMilliseconds(5) });
        await f.Session.InitializeAsync();
        var text = string.Concat(Enumerable.Repeat("Bentornata! Solo per te il 20% di sconto [codice BACK20] ", 8))[..400];
        var message = SmsSubmitEncoder.Encode("+393471234567", text, new SmsSubmitOptions { StatusReport = true, Reference = 9 });

        var result = await f.Session.SendAsync(message);

        Assert.Equal([254, 255, 0], result.MessageReferences); // TP-MR wraps at 256
        var reports = new List<SmsStatusReport>();
        for (var i = 0; i < 3; i++)
        {
            var received = await f.NextEventAsync<StatusReportReceived>();
            reports.Add(received.Report);
            await received.AcknowledgeAsync(); // with AT+CSMS=1 the modem routes the next one only after this
        }

        Assert.Equal([0, 254, 255], reports.Select(r => r.MessageReference).Order());
        Assert.All(reports, r => Assert.Equal("+393471234567", r.Recipient.Number));
        Assert.All(reports, r => Assert.Equal(DeliveryOutcome.Delivered, r.Status.Outcome));
    }

    [Fact]
    public async Task PdusTheModemReceived_DecodeInGammu_ToTheOriginalText()
    {
        await using var f = SessionFixture.Create();
        await f.Session.InitializeAsync();
        var text = "Ciao Anna 😀 — il tuo coupon è pronto: {BACK20} €5 di sconto! " + new string('ж', 120);
        await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", text, new SmsSubmitOptions { Reference = 3 }));

        var received = f.Modem.Network.Submitted.Select(s => s.Pdu).ToList();
        Assert.Equal(3, received.Count);
        var decoded = GammuOracle.Decode(received);
        Assert.Equal(text, string.Concat(decoded.Select(d => d.Str("text"))));
        Assert.All(decoded, d => Assert.Equal("+393471234567", d.Str("number")));
        Assert.Equal([1, 2, 3], decoded.Select(d => d.Int("part")!.Value));
    }

    [Theory]
    [InlineData(38, ModemErrorClass.RetryOtherModem)]
    [InlineData(21, ModemErrorClass.PermanentForRecipient)]
    [InlineData(314, ModemErrorClass.RetrySameModem)]
    [InlineData(330, ModemErrorClass.ModemUnusable)]
    [InlineData(304, ModemErrorClass.EncoderBug)]
    [InlineData(322, ModemErrorClass.Storage)]
    [InlineData(197, ModemErrorClass.Duplicate)]
    [InlineData(500, ModemErrorClass.Unknown)]
    public async Task Send_CmsError_IsClassified(int code, ModemErrorClass expected)
    {
        await using var f = SessionFixture.Create();
        await f.Session.InitializeAsync();
        f.Modem.FailNextSends(code);
        var ex = await Assert.ThrowsAsync<ModemSendException>(() => f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", "hello")));
        Assert.Equal(expected, ex.Error!.Class);
        Assert.Equal(code, ex.Error.Code);
        Assert.Empty(ex.SubmittedReferences);
        Assert.False(ex.OutcomeUnknown);

        // The modem is still usable afterwards.
        Assert.Single((await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", "again"))).MessageReferences);
    }

    [Fact]
    public async Task Send_WhileNotRegistered_FailsAsNoNetworkService()
    {
        await using var f = SessionFixture.Create();
        await f.Session.InitializeAsync();
        await f.Modem.SetRegistrationAsync(2);
        var ex = await Assert.ThrowsAsync<ModemSendException>(() => f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", "hello")));
        Assert.Equal(ModemErrorClass.RetryOtherModem, ex.Error!.Class);
        await f.NextEventAsync<HealthChanged>(h => h.Health.Registration == RegistrationState.Searching);
    }

    [Fact]
    public async Task Inbound_LongMessageOutOfOrder_ArrivesWhole_AndIsDeletedOnlyAfterAcknowledge()
    {
        await using var f = SessionFixture.Create();
        await f.Session.InitializeAsync();
        var text = "Sì, partecipo al concorso! " + new string('x', 300);
        f.Modem.InjectInbound("+393471234567", text, reverseParts: true, reference: 77);

        var inbound = await f.NextEventAsync<InboundSmsReceived>();
        Assert.Equal(text, inbound.Message.Text);
        Assert.Equal("+393471234567", inbound.Message.Originator.Number);
        Assert.True(inbound.Message.Complete);
        Assert.Equal(3, f.Modem.StoredCount);

        await inbound.Acknowledge(CancellationToken.None);
        Assert.Equal(0, f.Modem.StoredCount);
    }

    [Fact]
    public async Task Inbound_ReplyFromAnotherSimulatedSim_ArrivesAsUcs2Stop()
    {
        var network = new SimulatedNetwork();
        await using var a = SessionFixture.Create(new SimulatedModemOptions { Name = "a", PhoneNumber = "+393330000001" }, network: network);
        await using var b = SessionFixture.Create(new SimulatedModemOptions { Name = "b", PhoneNumber = "+393330000002" }, network: network);
        await a.Session.InitializeAsync();
        await b.Session.InitializeAsync();

        await b.Session.SendAsync(SmsSubmitEncoder.Encode("+393330000001", "STOP 🙏"));
        var inbound = await a.NextEventAsync<InboundSmsReceived>();
        Assert.Equal("STOP 🙏", inbound.Message.Text);
        Assert.Equal("+393330000002", inbound.Message.Originator.Number);
    }

    [Fact]
    public async Task StartupSweep_HandsOverWhatArrivedWhileTheGatewayWasDown()
    {
        await using var f = SessionFixture.Create();
        f.Modem.StoreInbound("+393471111111", "Arrived overnight");
        f.Modem.StoreInbound("+393472222222", new string('y', 200), reference: 5);
        await f.Session.InitializeAsync();

        var first = await f.NextEventAsync<InboundSmsReceived>();
        var second = await f.NextEventAsync<InboundSmsReceived>();
        Assert.Equal(["Arrived overnight", new string('y', 200)], new[] { first.Message.Text, second.Message.Text }.Order());
        await first.Acknowledge(CancellationToken.None);
        await second.Acknowledge(CancellationToken.None);
        Assert.Equal(0, f.Modem.StoredCount);
    }

    [Theory]
    [InlineData(SimulatedDialect.Generic)]
    [InlineData(SimulatedDialect.Sim800)]
    public async Task FullStorage_IsNotFatal_MessagesWaitingAtTheNetworkArriveOnceRoomIsMade(SimulatedDialect dialect)
    {
        await using var f = SessionFixture.Create(new SimulatedModemOptions { StorageCapacity = 2, Dialect = dialect });
        await f.Session.InitializeAsync();
        for (var i = 1; i <= 4; i++)
        {
            f.Modem.InjectInbound("+39347000000" + i, $"reply {i}");
        }

        var texts = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var inbound = await f.NextEventAsync<InboundSmsReceived>();
            texts.Add(inbound.Message.Text);
            await inbound.Acknowledge(CancellationToken.None);
        }

        Assert.Equal(["reply 1", "reply 2", "reply 3", "reply 4"], texts.Order());
        await WaitUntil(() => f.Modem.StoredCount == 0);
    }

    [Fact]
    public async Task SweepWhileAMessageAwaitsItsAcknowledgement_DoesNotHandItOverTwice()
    {
        await using var f = SessionFixture.Create();
        await f.Session.InitializeAsync();
        f.Modem.InjectInbound("+393471234567", "only once");
        var first = await f.NextEventAsync<InboundSmsReceived>();
        await f.Session.SweepStorageAsync();
        await first.Acknowledge(CancellationToken.None);
        await f.Session.SweepStorageAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => f.NextEventAsync<InboundSmsReceived>(timeout: TimeSpan.FromMilliseconds(300)));
        Assert.Equal(0, f.Modem.StoredCount);
    }

    [Fact]
    public async Task StoredStatusReports_ViaCdsi_AreReadAndDeleted()
    {
        await using var f = SessionFixture.Create();
        await f.Session.InitializeAsync();
        Assert.True((await f.Session.ExecuteRawAsync("AT+CNMI=2,1,0,2,0")).IsOk);
        var sent = await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", "report me", new SmsSubmitOptions { StatusReport = true }));

        var report = await f.NextEventAsync<StatusReportReceived>();
        Assert.Equal(sent.MessageReferences[0], report.Report.MessageReference);
        Assert.Equal(1, f.Modem.StoredReportCount); // kept until the consumer says it saved the report
        await report.AcknowledgeAsync();
        await WaitUntil(() => f.Modem.StoredReportCount == 0);
        Assert.Contains("AT+CPMS=\"SR\"", f.Modem.Commands); // only the read memory: new messages still go to "SM"
    }

    [Fact]
    public async Task FailedDeliveryReport_IsFinalFailure()
    {
        var network = new SimulatedNetwork(new SimulatedNetworkOptions { FailureRate = 1, StatusReportDelay = TimeSpan.FromMilliseconds(10) });
        await using var f = SessionFixture.Create(network: network);
        await f.Session.InitializeAsync();
        await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", "x", new SmsSubmitOptions { StatusReport = true }));
        var report = await f.NextEventAsync<StatusReportReceived>();
        Assert.Equal(DeliveryOutcome.Failed, report.Report.Status.Outcome);
    }

    [Fact]
    public async Task UndecodablePdu_IsReported_AndTheSessionCarriesOn()
    {
        await using var f = SessionFixture.Create();
        await f.Session.InitializeAsync();
        await f.Session.ExecuteRawAsync("AT+CNMI=2,2,0,1,0");
        await f.Modem.EmitAsync("+CMT: ,30\r\n00040B91FFFF");
        var bad = await f.NextEventAsync<UndecodablePdu>();
        Assert.Equal("00040B91FFFF", bad.Pdu);
        Assert.True(await f.Session.PingAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Restart_IsDetected_AndTheModemIsInitialisedAgain()
    {
        await using var f = SessionFixture.Create();
        await f.Session.InitializeAsync();
        var before = f.Modem.Commands.Count(c => c == "AT+CMGF=0");
        var sweeps = f.Modem.Commands.Count(c => c == "AT+CPMS=\"SR\"");
        await f.Modem.RebootAsync();
        await f.NextEventAsync<ModemRestarted>();
        // Initialised again, down to the sweep of stored reports that ends it.
        await WaitUntil(() => f.Modem.Commands.Count(c => c == "AT+CMGF=0") > before && f.Modem.Commands.Count(c => c == "AT+CPMS=\"SR\"") > sweeps);

        f.Modem.InjectInbound("+393471234567", "after reboot");
        Assert.Equal("after reboot", (await f.NextEventAsync<InboundSmsReceived>()).Message.Text);
    }

    [Fact]
    public async Task Ussd_BalanceQuery_ReturnsTheNetworksText()
    {
        await using var f = SessionFixture.Create();
        await f.Session.InitializeAsync();
        Assert.Equal("Credito residuo: 12,34 EUR", await f.Session.QueryUssdAsync("*123#"));
    }

    [Fact]
    public async Task SplitOutput_ByteByByte_DoesNotConfuseTheSession()
    {
        await using var f = SessionFixture.Create();
        f.Modem.SplitOutput = true;
        var identity = await f.Session.InitializeAsync();
        Assert.Equal("356938035643809", identity.Imei);
        Assert.Single((await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", "slow line"))).MessageReferences);
    }

    [Fact]
    public async Task HungModem_FailsThePing()
    {
        await using var f = SessionFixture.Create();
        await f.Session.InitializeAsync();
        f.Modem.Hang();
        Assert.False(await f.Session.PingAsync(TimeSpan.FromMilliseconds(200)));
        f.Modem.Hang(false);
        Assert.True(await f.Session.PingAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Unplug_CompletesTheSession_AndSendsFailAsDisconnected()
    {
        await using var f = SessionFixture.Create();
        await f.Session.InitializeAsync();
        f.Modem.Unplug();
        await f.Session.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        var ex = await Assert.ThrowsAsync<ModemSendException>(() => f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", "x")));
        Assert.IsType<ModemDisconnectedException>(ex.InnerException);
    }

    [Theory]
    [InlineData(SimulatedDialect.Sim800, "sim800", "AT+CNMI=2,1,0,1,0")]
    [InlineData(SimulatedDialect.QuectelEc25, "quectel", "AT+CNMI=2,1,0,1,0")]
    [InlineData(SimulatedDialect.HuaweiE173, "huawei", "AT^CURC=0")]
    public async Task Dialects_PickTheirProfile_AndWork(SimulatedDialect dialect, string profile, string expectedCommand)
    {
        await using var f = SessionFixture.Create(new SimulatedModemOptions { Dialect = dialect, SendDelay = TimeSpan.FromMilliseconds(5) });
        await f.Session.InitializeAsync();
        Assert.Equal(profile, f.Session.Profile.Name);
        Assert.Contains(expectedCommand, f.Modem.Commands);
        Assert.Equal(2, (await f.Session.SendAsync(SmsSubmitEncoder.Encode("+393471234567", new string('z', 200), new SmsSubmitOptions { StatusReport = true }))).MessageReferences.Count);
        Assert.Equal(DeliveryOutcome.Delivered, (await f.NextEventAsync<StatusReportReceived>()).Report.Status.Outcome);
        f.Modem.InjectInbound("+393471234567", "ok");
        Assert.Equal("ok", (await f.NextEventAsync<InboundSmsReceived>()).Message.Text);
    }

    [Fact]
    public async Task HuaweiRssiNoise_UpdatesTheSignal()
    {
        await using var f = SessionFixture.Create(new SimulatedModemOptions { Dialect = SimulatedDialect.HuaweiE173 });
        await f.Session.InitializeAsync();
        await f.Modem.SetSignalAsync(5);
        var changed = await f.NextEventAsync<HealthChanged>(h => h.Health.Rssi == 5);
        Assert.Equal(-103, changed.Health.SignalDbm);
        Assert.Equal(1, changed.Health.SignalBars);
    }

    [Theory]
    [InlineData("98931040250043645214", "89390104520034462541")]
    [InlineData("8939104520003462541F", "8939104520003462541")]
    [InlineData("\"8939104520003462541\"", "8939104520003462541")]
    public void Iccid_IsNormalised(string raw, string expected) => Assert.Equal(expected, ModemSession.NormalizeIccid(raw));

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
