using static ReEngage.Gateway.Smpp.Tests.Pdus;

namespace ReEngage.Gateway.Smpp.Tests;

public class PduDecoderTests
{
    [Fact]
    public void Enquire_link_is_the_specs_sixteen_octets()
    {
        byte[] octets = [0, 0, 0, 0x10, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 0x2A];
        var pdu = PduDecoder.Decode(octets);
        Assert.Equal(SmppCommand.EnquireLink, pdu.CommandId);
        Assert.Equal(42u, pdu.SequenceNumber);
        Assert.Equal(octets, PduEncoder.Encode(new EmptyPdu(SmppCommand.EnquireLink) { SequenceNumber = 42 }));
    }

    [Theory]
    [InlineData(SmppCommand.BindTransmitter, BindMode.Transmitter)]
    [InlineData(SmppCommand.BindReceiver, BindMode.Receiver)]
    [InlineData(SmppCommand.BindTransceiver, BindMode.Transceiver)]
    public void A_bind_reads_every_field(uint id, BindMode mode)
    {
        var octets = Build(id, 0, 1, C("shop"), C("secret"), C("CRM"), B(0x34, 1, 1), C("^39"));
        var bind = Assert.IsType<BindPdu>(PduDecoder.Decode(octets));
        Assert.Equal((mode, "shop", "secret", "CRM", (byte)0x34, "^39"), (bind.Mode, bind.SystemId, bind.Password, bind.SystemType, bind.InterfaceVersion, bind.AddressRange));
        Assert.Equal(octets, PduEncoder.Encode(bind));
    }

    [Fact]
    public void A_submit_sm_reads_every_field_and_its_parameters()
    {
        var octets = Submit("ACME", "+393471234567", "Hello"u8.ToArray(), registered: 1, schedule: "000000001000000R",
            tlvs: [Tlv(TlvTag.UserMessageReference, 0x01, 0x02), Tlv(0x1403, 9, 9, 9)]);
        var sm = Assert.IsType<ShortMessagePdu>(PduDecoder.Decode(octets));
        Assert.False(sm.IsDeliver);
        Assert.Equal(("ACME", "+393471234567", (byte)1, "000000001000000R"), (sm.SourceAddress, sm.DestinationAddress, sm.RegisteredDelivery, sm.ScheduleDeliveryTime));
        Assert.Equal("Hello"u8.ToArray(), sm.ShortMessage.ToArray());
        Assert.Equal(0x0102, sm.Find(TlvTag.UserMessageReference)!.AsInt());
        Assert.Equal(new byte[] { 9, 9, 9 }, sm.Find(0x1403)!.Value.ToArray());
        Assert.Equal(octets, PduEncoder.Encode(sm));
    }

    [Fact]
    public void A_deliver_sm_receipt_round_trips_with_its_parameters()
    {
        var receipt = new ShortMessagePdu(deliver: true)
        {
            SequenceNumber = 9, SourceAddress = "+393471234567", DestinationAddress = "ACME", EsmClass = 0x04,
            ShortMessage = "id:12 sub:001"u8.ToArray(),
            Tlvs = [Tlv.OfCString(TlvTag.ReceiptedMessageId, "12"), Tlv.OfByte(TlvTag.MessageState, MessageState.Delivered)],
        };
        var decoded = Assert.IsType<ShortMessagePdu>(PduDecoder.Decode(PduEncoder.Encode(receipt)));
        Assert.True(decoded.IsDeliver);
        Assert.Equal("12", decoded.Find(TlvTag.ReceiptedMessageId)!.AsCString());
        Assert.Equal(MessageState.Delivered, decoded.Find(TlvTag.MessageState)!.AsInt());
        Assert.Equal(PduEncoder.Encode(receipt), PduEncoder.Encode(decoded));
    }

    [Fact]
    public void Responses_round_trip_and_error_responses_may_have_no_body()
    {
        var resp = new MessageRespPdu(SmppCommand.SubmitSmResp, "123456") { SequenceNumber = 3 };
        Assert.Equal(resp, PduDecoder.Decode(PduEncoder.Encode(resp)));
        var bare = Build(SmppCommand.SubmitSmResp, CommandStatus.Throttled, 4);
        Assert.Equal(CommandStatus.Throttled, Assert.IsType<MessageRespPdu>(PduDecoder.Decode(bare)).CommandStatus);
        var bindResp = new BindRespPdu(BindMode.Transceiver, "ReEngage") { Tlvs = [Tlv.OfByte(TlvTag.ScInterfaceVersion, 0x34)] };
        var decoded = Assert.IsType<BindRespPdu>(PduDecoder.Decode(PduEncoder.Encode(bindResp)));
        Assert.Equal(("ReEngage", 0x34), (decoded.SystemId, decoded.Find(TlvTag.ScInterfaceVersion)!.AsInt()));
    }

    [Theory]
    [InlineData(SmppCommand.Unbind)]
    [InlineData(SmppCommand.UnbindResp)]
    [InlineData(SmppCommand.EnquireLinkResp)]
    [InlineData(SmppCommand.GenericNack)]
    public void Empty_bodies_round_trip(uint id) =>
        Assert.Equal(new EmptyPdu(id) { SequenceNumber = 5 }, PduDecoder.Decode(PduEncoder.Encode(new EmptyPdu(id) { SequenceNumber = 5 })));

    [Fact]
    public void An_unknown_command_is_a_generic_nack_with_invalid_command_id()
    {
        var error = Fail(Build(0x00000077, 0, 12));
        Assert.Equal((CommandStatus.InvalidCommandId, SmppCommand.GenericNack, 12u), (error.Status, error.ResponseCommandId, error.SequenceNumber));
    }

    [Fact]
    public void An_unsupported_known_command_is_answered_as_unknown() =>
        Assert.Equal(CommandStatus.InvalidCommandId, Fail(Build(SmppCommand.SubmitMulti, 0, 1, C("x"))).Status);

    [Fact]
    public void A_command_length_that_disagrees_with_the_octets_is_a_generic_nack()
    {
        var octets = Build(SmppCommand.EnquireLink, 0, 3);
        octets[3] = 0x20;
        var error = Fail(octets);
        Assert.Equal((CommandStatus.InvalidCommandLength, SmppCommand.GenericNack), (error.Status, error.ResponseCommandId));
        Assert.Equal(CommandStatus.InvalidCommandLength, Fail([0, 0, 0, 8, 0, 0, 0, 0x15]).Status);
    }

    [Fact]
    public void A_body_on_a_bodiless_command_is_an_invalid_length() =>
        Assert.Equal(CommandStatus.InvalidCommandLength, Fail(Build(SmppCommand.EnquireLink, 0, 3, B(0))).Status);

    [Theory]
    [InlineData(16, 0u)]
    [InlineData(17, CommandStatus.InvalidSystemId)]
    public void System_id_is_at_most_15_characters(int length, uint status)
    {
        var octets = Build(SmppCommand.BindTransceiver, 0, 1, C(new string('s', length - 1)), C("pw"), C(""), B(0x34, 0, 0), C(""));
        Assert.Equal(status, Status(octets));
    }

    [Theory]
    [InlineData(8, 0u)]
    [InlineData(9, CommandStatus.InvalidPassword)]
    public void Password_is_at_most_8_characters(int length, uint status) =>
        Assert.Equal(status, Status(Build(SmppCommand.BindTransmitter, 0, 1, C("shop"), C(new string('p', length)), C(""), B(0x34, 0, 0), C(""))));

    [Theory]
    [InlineData(12, 0u)]
    [InlineData(13, CommandStatus.InvalidSystemType)]
    public void System_type_is_at_most_12_characters(int length, uint status) =>
        Assert.Equal(status, Status(Build(SmppCommand.BindTransmitter, 0, 1, C("shop"), C("pw"), C(new string('t', length)), B(0x34, 0, 0), C(""))));

    [Theory]
    [InlineData(40, 0u)]
    [InlineData(41, CommandStatus.InvalidCommandLength)]
    public void Address_range_is_at_most_40_characters(int length, uint status) =>
        Assert.Equal(status, Status(Build(SmppCommand.BindReceiver, 0, 1, C("shop"), C("pw"), C(""), B(0x34, 0, 0), C(new string('1', length)))));

    [Theory]
    [InlineData(20, 0u)]
    [InlineData(21, CommandStatus.InvalidSourceAddress)]
    public void Source_address_is_at_most_20_characters(int length, uint status) =>
        Assert.Equal(status, Status(Submit(new string('1', length), "+393471234567", "x"u8.ToArray())));

    [Theory]
    [InlineData(20, 0u)]
    [InlineData(21, CommandStatus.InvalidDestinationAddress)]
    public void Destination_address_is_at_most_20_characters(int length, uint status) =>
        Assert.Equal(status, Status(Submit("ACME", new string('1', length), "x"u8.ToArray())));

    [Theory]
    [InlineData("", 0u)]
    [InlineData("000000001000000R", 0u)]
    [InlineData("00000000100000R", CommandStatus.InvalidScheduleTime)]
    [InlineData("000000001000000R0", CommandStatus.InvalidScheduleTime)]
    public void Schedule_delivery_time_is_empty_or_16_characters(string value, uint status) =>
        Assert.Equal(status, Status(Submit("ACME", "+393471234567", "x"u8.ToArray(), schedule: value)));

    [Theory]
    [InlineData("260101120000000+", 0u)]
    [InlineData("2601011200000+", CommandStatus.InvalidExpiry)]
    public void Validity_period_is_empty_or_16_characters(string value, uint status) =>
        Assert.Equal(status, Status(Submit("ACME", "+393471234567", "x"u8.ToArray(), validity: value)));

    [Theory]
    [InlineData(5, 0u)]
    [InlineData(6, CommandStatus.InvalidServiceType)]
    public void Service_type_is_at_most_5_characters(int length, uint status)
    {
        var octets = Build(SmppCommand.SubmitSm, 0, 1, C(new string('s', length)), B(0, 0), C("A"), B(1, 1), C("+39347"), B(0, 0, 0), C(""), C(""), B(0, 0, 0, 0, 1), B(0x41));
        Assert.Equal(status, Status(octets));
    }

    [Fact]
    public void Short_message_is_at_most_254_octets()
    {
        Assert.Equal(0u, Status(Submit("A", "+39347", new byte[254])));
        var over = Submit("A", "+39347", new byte[255]);
        Assert.Equal(CommandStatus.InvalidMessageLength, Status(over));
        Assert.Throws<ArgumentException>(() => PduEncoder.Encode(new ShortMessagePdu { ShortMessage = new byte[255] }));
    }

    [Fact]
    public void An_sm_length_beyond_the_pdu_is_an_invalid_message_length()
    {
        var octets = Submit("A", "+39347", "abc"u8.ToArray());
        octets[^4] = 10;
        Assert.Equal(CommandStatus.InvalidMessageLength, Status(octets));
    }

    [Fact]
    public void Message_id_is_at_most_64_characters()
    {
        Assert.Equal(0u, Status(Build(SmppCommand.SubmitSmResp, 0, 1, C(new string('9', 64)))));
        Assert.Equal(CommandStatus.InvalidMessageId, Status(Build(SmppCommand.SubmitSmResp, 0, 1, C(new string('9', 65)))));
    }

    [Fact]
    public void Short_message_and_message_payload_together_are_refused() =>
        Assert.Equal(CommandStatus.InvalidMessageLength, Status(Submit("A", "+39347", "x"u8.ToArray(), tlvs: [Tlv(TlvTag.MessagePayload, 0x41)])));

    [Fact]
    public void A_message_payload_of_64_kib_is_read()
    {
        var payload = new byte[ushort.MaxValue];
        var sm = Assert.IsType<ShortMessagePdu>(PduDecoder.Decode(Submit("A", "+39347", [], tlvs: [Tlv(TlvTag.MessagePayload, payload)])));
        Assert.Equal(ushort.MaxValue, sm.UserData.Length);
    }

    [Fact]
    public void A_truncated_parameter_stream_is_refused()
    {
        Assert.Equal(CommandStatus.InvalidOptionalParameterStream, Status(Submit("A", "+39347", [], tlvs: [B(0x04, 0x24, 0)])));
        Assert.Equal(CommandStatus.InvalidOptionalParameterStream, Status(Submit("A", "+39347", [], tlvs: [B(0x04, 0x24, 0, 5, 1)])));
    }

    [Fact]
    public void A_known_fixed_size_parameter_with_another_size_is_refused()
    {
        Assert.Equal(CommandStatus.InvalidParameterLength, Status(Submit("A", "+39347", [], tlvs: [Tlv(TlvTag.SarMsgRefNum, 1)])));
        Assert.Equal(CommandStatus.InvalidParameterLength, Status(Submit("A", "+39347", [], tlvs: [Tlv(TlvTag.ReceiptedMessageId, 0x31)])));
    }

    [Fact]
    public void A_field_error_in_a_request_is_answered_with_its_own_response()
    {
        var error = Fail(Submit(new string('1', 30), "+39347", []));
        Assert.False(error.AnswerWithGenericNack);
        Assert.Equal(SmppCommand.SubmitSmResp, error.ResponseCommandId);
        Assert.Equal(7u, error.SequenceNumber);
    }

    [Fact]
    public void A_broken_response_is_not_answered_with_its_response()
    {
        var error = Fail(Build(SmppCommand.DeliverSmResp, 0, 1, B(0x31)));
        Assert.True(error.IsBrokenResponse);
    }

    private static SmppDecodeError Fail(byte[] octets)
    {
        Assert.False(PduDecoder.TryDecode(octets, out _, out var error));
        return error!;
    }

    private static uint Status(byte[] octets) => PduDecoder.TryDecode(octets, out _, out var error) ? 0 : error!.Status;
}
