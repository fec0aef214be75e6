using ReEngage.Gateway.Smpp;

namespace ReEngage.Gateway.Tests.Smpp;

/// <summary>The SMPP server's protocol behaviour, driven by a bare client over the codec.</summary>
public sealed class SmppServerTests(SmppGateway gateway) : IClassFixture<SmppGateway>
{
    private static ShortMessagePdu Submit(string to, string text, byte registered = 1, string source = "ACME") => new()
    {
        SourceAddress = source, DestinationTon = 1, DestinationNpi = 1, DestinationAddress = to,
        RegisteredDelivery = registered, DataCoding = 0, ShortMessage = SmppDataCoding.Encode(text).Octets,
    };

    [Fact]
    public async Task Wrong_credentials_are_refused_with_invalid_password()
    {
        await using var client = await SmppTestClient.ConnectAsync(gateway.Port);
        Assert.Equal(CommandStatus.InvalidPassword, (await client.BindAsync("shop", "wrong")).CommandStatus);
        Assert.Equal(CommandStatus.InvalidPassword, (await client.BindAsync("nobody", "secret")).CommandStatus);
        Assert.Equal(CommandStatus.Ok, (await client.BindAsync("shop", "secret")).CommandStatus);
        Assert.Equal(CommandStatus.AlreadyBound, (await client.BindAsync("shop", "secret")).CommandStatus);
    }

    [Fact]
    public async Task A_bind_beyond_max_binds_is_refused_with_bind_failed()
    {
        await using var first = await SmppTestClient.ConnectAsync(gateway.Port);
        await using var second = await SmppTestClient.ConnectAsync(gateway.Port);
        Assert.Equal(CommandStatus.Ok, (await first.BindAsync("tiny", "pw", BindMode.Transmitter)).CommandStatus);
        Assert.Equal(CommandStatus.BindFailed, (await second.BindAsync("tiny", "pw", BindMode.Receiver)).CommandStatus);
    }

    [Fact]
    public async Task Submits_need_a_transmitting_bind()
    {
        await using var client = await SmppTestClient.ConnectAsync(gateway.Port);
        Assert.Equal(CommandStatus.InvalidBindStatus, (await client.CallAsync(Submit("393471234567", "Hi"))).CommandStatus);
        Assert.Equal(CommandStatus.Ok, (await client.BindAsync("shop", "secret", BindMode.Receiver)).CommandStatus);
        Assert.Equal(CommandStatus.InvalidBindStatus, (await client.CallAsync(Submit("393471234567", "Hi"))).CommandStatus);
    }

    [Fact]
    public async Task Enquire_link_unknown_commands_and_unbind_are_answered()
    {
        await using var client = await SmppTestClient.ConnectAsync(gateway.Port);
        Assert.Equal(SmppCommand.EnquireLinkResp, (await client.CallAsync(new EmptyPdu(SmppCommand.EnquireLink))).CommandId);
        var unknown = PduEncoder.Encode(new EmptyPdu(SmppCommand.EnquireLink) { SequenceNumber = 77 });
        unknown[7] = 0x99;
        await client.SendRawAsync(unknown);
        var nack = await client.ReceiveAsync(p => p.SequenceNumber == 77);
        Assert.Equal((SmppCommand.GenericNack, CommandStatus.InvalidCommandId), (nack.CommandId, nack.CommandStatus));
        Assert.Equal(SmppCommand.UnbindResp, (await client.CallAsync(new EmptyPdu(SmppCommand.Unbind))).CommandId);
        await client.Closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_impossible_command_length_is_nacked_and_the_connection_closed()
    {
        await using var client = await SmppTestClient.ConnectAsync(gateway.Port);
        await client.SendRawAsync([0x7F, 0, 0, 0, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 9]);
        var nack = await client.ReceiveAsync(_ => true);
        Assert.Equal((SmppCommand.GenericNack, CommandStatus.InvalidCommandLength), (nack.CommandId, nack.CommandStatus));
        await client.Closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_malformed_submit_gets_its_status_in_a_submit_sm_resp()
    {
        await using var client = await SmppTestClient.ConnectAsync(gateway.Port);
        await client.BindAsync("shop", "secret");
        var octets = PduEncoder.Encode(Submit("393471234567", "Hi") with { SequenceNumber = 50 });
        octets[^3] = 200; // sm_length beyond the PDU
        await client.SendRawAsync(octets);
        var response = await client.ReceiveAsync(p => p.SequenceNumber == 50);
        Assert.Equal((SmppCommand.SubmitSmResp, CommandStatus.InvalidMessageLength), (response.CommandId, response.CommandStatus));
    }

    [Fact]
    public async Task Bad_destinations_sources_codings_and_times_get_their_statuses()
    {
        await using var shop = await SmppTestClient.ConnectAsync(gateway.Port);
        await shop.BindAsync("shop", "secret");
        Assert.Equal(CommandStatus.InvalidDestinationAddress, (await shop.CallAsync(Submit("12", "Hi"))).CommandStatus);
        Assert.Equal(CommandStatus.InvalidDataCoding, (await shop.CallAsync(Submit("393471234567", "Hi") with { DataCoding = 0x04 })).CommandStatus);
        Assert.Equal(CommandStatus.InvalidScheduleTime, (await shop.CallAsync(Submit("393471234567", "Hi") with { ScheduleDeliveryTime = "261399000000000+" })).CommandStatus);
        Assert.Equal(CommandStatus.InvalidExpiry, (await shop.CallAsync(Submit("393471234567", "Hi") with { ValidityPeriod = "200101000000000+" })).CommandStatus);
        Assert.Equal(CommandStatus.InvalidMessageLength, (await shop.CallAsync(Submit("393471234567", new string('a', 1000)) with { ShortMessage = default, Tlvs = [new Tlv(TlvTag.MessagePayload, SmppDataCoding.Encode(new string('a', 1000)).Octets)] })).CommandStatus);
    }

    [Fact]
    public async Task Allowed_addresses_and_throughput_are_enforced()
    {
        await using var tiny = await SmppTestClient.ConnectAsync(gateway.Port);
        Assert.Equal(CommandStatus.Ok, (await tiny.BindAsync("tiny", "pw", BindMode.Transmitter)).CommandStatus);
        Assert.Equal(CommandStatus.InvalidSourceAddress, (await tiny.CallAsync(Submit("393471234567", "Hi", source: "OTHER"))).CommandStatus);
        var statuses = new List<uint>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await tiny.CallAsync(Submit("393471234567", $"Hi {i}"))).CommandStatus);
        }

        Assert.Contains(CommandStatus.Throttled, statuses);
    }

    [Fact]
    public async Task A_submit_becomes_one_stored_message_whose_id_is_the_message_id_and_its_receipt_follows()
    {
        await using var client = await SmppTestClient.ConnectAsync(gateway.Port);
        await client.BindAsync("shop", "secret");
        var response = Assert.IsType<MessageRespPdu>(await client.CallAsync(Submit("393471234567", "Ciao @ € from SMPP")));
        Assert.Equal(CommandStatus.Ok, response.CommandStatus);
        var message = await gateway.Factory.Api().WaitForStatusAsync(long.Parse(response.MessageId, System.Globalization.CultureInfo.InvariantCulture), "delivered");
        Assert.Equal("+393471234567", message.GetProperty("to").GetString());
        var receipt = Assert.IsType<ShortMessagePdu>(await client.ReceiveAsync(p => p is ShortMessagePdu { IsDeliver: true } d && d.Find(TlvTag.ReceiptedMessageId)?.AsCString() == response.MessageId));
        Assert.Equal(0x04, receipt.EsmClass);
        Assert.Equal(MessageState.Delivered, receipt.Find(TlvTag.MessageState)!.AsInt());
        Assert.True(DeliveryReceipt.TryParse(System.Text.Encoding.ASCII.GetString(receipt.ShortMessage.Span), out var text));
        Assert.Equal((response.MessageId, "DELIVRD"[..7], "Ciao ? ? from SMPP"), (text!.Id, MessageState.StatWord(text.State), text.Text));
        Assert.Equal(("393471234567", "ACME"), (receipt.SourceAddress, receipt.DestinationAddress));
    }

    [Fact]
    public async Task A_receipt_waits_in_the_database_until_the_account_binds_a_receiver()
    {
        string id;
        await using (var transmitter = await SmppTestClient.ConnectAsync(gateway.Port))
        {
            await transmitter.BindAsync("later", "pw", BindMode.Transmitter);
            id = Assert.IsType<MessageRespPdu>(await transmitter.CallAsync(Submit("393471234568", "Kept for later"))).MessageId;
            await gateway.Factory.Api().WaitForStatusAsync(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), "delivered");
            await Task.Delay(1500);
            Assert.DoesNotContain(await DrainAsync(transmitter), p => p is ShortMessagePdu);
        }

        await using var receiver = await SmppTestClient.ConnectAsync(gateway.Port);
        await receiver.BindAsync("later", "pw", BindMode.Receiver);
        var receipt = await receiver.ReceiveAsync(p => p is ShortMessagePdu { IsDeliver: true });
        Assert.Equal(id, receipt.Find(TlvTag.ReceiptedMessageId)!.AsCString());
    }

    [Fact]
    public async Task A_relative_schedule_delivery_time_schedules_the_message()
    {
        await using var client = await SmppTestClient.ConnectAsync(gateway.Port);
        await client.BindAsync("shop", "secret");
        var id = Assert.IsType<MessageRespPdu>(await client.CallAsync(Submit("393471234569", "Later") with { ScheduleDeliveryTime = "000001000000000R" })).MessageId;
        var message = await (await gateway.Factory.Api().GetAsync($"/api/v1/messages/{id}")).JsonAsync();
        Assert.Equal("scheduled", message.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_quiet_client_is_probed_with_enquire_link_and_dropped_when_it_does_not_answer()
    {
        await using var answering = await SmppTestClient.ConnectAsync(gateway.Port);
        await answering.BindAsync("shop", "secret");
        await using var silent = await SmppTestClient.ConnectAsync(gateway.Port, answerEnquireLink: false);
        await silent.BindAsync("shop", "secret");
        Assert.Equal(SmppCommand.EnquireLink, (await silent.ReceiveAsync(p => p.CommandId == SmppCommand.EnquireLink, 10)).CommandId);
        await silent.Closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.False(answering.Closed.Task.IsCompleted);
    }

    private static async Task<List<Pdu>> DrainAsync(SmppTestClient client)
    {
        var list = new List<Pdu>();
        try
        {
            while (true)
            {
                list.Add(await client.ReceiveAsync(_ => true, 1));
            }
        }
        catch (OperationCanceledException)
        {
            return list;
        }
    }
}
