namespace ReEngage.Gateway.Smpp;

/// <summary>
/// Decodes one framed PDU. Bad input never escapes as anything but <see cref="SmppDecodeException"/>
/// (or false from <see cref="TryDecode"/>) carrying the status to answer.
/// </summary>
public static class PduDecoder
{
    /// <summary>Decodes, or returns the error that says what to answer.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> pdu, out Pdu? result, out SmppDecodeError? error)
    {
        try
        {
            result = Decode(pdu);
            error = null;
            return true;
        }
        catch (SmppDecodeException ex)
        {
            result = null;
            error = ex.Error;
            return false;
        }
    }

    /// <summary>Decodes one PDU: exactly the octets its command_length covers.</summary>
    /// <exception cref="SmppDecodeException">The PDU is malformed; the error says what to answer.</exception>
    public static Pdu Decode(ReadOnlySpan<byte> pdu)
    {
        if (pdu.Length < SmppHeader.Length)
        {
            throw new SmppDecodeException(new SmppDecodeError(CommandStatus.InvalidCommandLength, 0, 0, 0, $"{pdu.Length} octets are fewer than a header"));
        }

        var header = SmppHeader.Read(pdu);
        if (header.CommandLength != pdu.Length)
        {
            throw new SmppDecodeException(new SmppDecodeError(CommandStatus.InvalidCommandLength, header.CommandId, header.SequenceNumber, 0, $"command_length {header.CommandLength} but {pdu.Length} octets"));
        }

        var reader = new PduBodyReader(pdu, header.CommandId, header.SequenceNumber);
        Pdu body = header.CommandId switch
        {
            SmppCommand.BindTransmitter => ReadBind(ref reader, BindMode.Transmitter),
            SmppCommand.BindReceiver => ReadBind(ref reader, BindMode.Receiver),
            SmppCommand.BindTransceiver => ReadBind(ref reader, BindMode.Transceiver),
            SmppCommand.BindTransmitterResp => ReadBindResp(ref reader, BindMode.Transmitter, header.CommandStatus),
            SmppCommand.BindReceiverResp => ReadBindResp(ref reader, BindMode.Receiver, header.CommandStatus),
            SmppCommand.BindTransceiverResp => ReadBindResp(ref reader, BindMode.Transceiver, header.CommandStatus),
            SmppCommand.Unbind or SmppCommand.UnbindResp or SmppCommand.EnquireLink or SmppCommand.EnquireLinkResp or SmppCommand.GenericNack
                => ReadEmpty(ref reader, header.CommandId),
            SmppCommand.SubmitSm => ReadShortMessage(ref reader, deliver: false),
            SmppCommand.DeliverSm => ReadShortMessage(ref reader, deliver: true),
            SmppCommand.SubmitSmResp or SmppCommand.DeliverSmResp => ReadMessageResp(ref reader, header.CommandId, header.CommandStatus),
            _ => throw reader.Fail(CommandStatus.InvalidCommandId, $"command {SmppCommand.Name(header.CommandId)} is not handled"),
        };

        return body with { CommandStatus = header.CommandStatus, SequenceNumber = header.SequenceNumber };
    }

    private static BindPdu ReadBind(ref PduBodyReader reader, BindMode mode)
    {
        var systemId = reader.ReadCString("system_id", 16, CommandStatus.InvalidSystemId);
        var password = reader.ReadCString("password", 9, CommandStatus.InvalidPassword);
        var systemType = reader.ReadCString("system_type", 13, CommandStatus.InvalidSystemType);
        var version = reader.ReadByte("interface_version");
        var ton = reader.ReadByte("addr_ton");
        var npi = reader.ReadByte("addr_npi");
        var range = reader.ReadCString("address_range", 41, CommandStatus.InvalidCommandLength);
        reader.End();
        return new BindPdu(mode, systemId, password) { SystemType = systemType, InterfaceVersion = version, AddressTon = ton, AddressNpi = npi, AddressRange = range };
    }

    private static BindRespPdu ReadBindResp(ref PduBodyReader reader, BindMode mode, uint status)
    {
        // A failed bind's response may carry no body at all (§4.1.2: "the body is not returned").
        if (status != CommandStatus.Ok && reader.Remaining == 0)
        {
            return new BindRespPdu(mode, "");
        }

        var systemId = reader.ReadCString("system_id", 16, CommandStatus.InvalidSystemId);
        return new BindRespPdu(mode, systemId) { Tlvs = reader.ReadTlvs() };
    }

    private static EmptyPdu ReadEmpty(ref PduBodyReader reader, uint id)
    {
        reader.End();
        return new EmptyPdu(id);
    }

    private static MessageRespPdu ReadMessageResp(ref PduBodyReader reader, uint id, uint status)
    {
        // An error response may have no body (§4.4.2).
        if (status != CommandStatus.Ok && reader.Remaining == 0)
        {
            return new MessageRespPdu(id, "");
        }

        var messageId = reader.ReadCString("message_id", 65, CommandStatus.InvalidMessageId);
        reader.End();
        return new MessageRespPdu(id, messageId);
    }

    private static ShortMessagePdu ReadShortMessage(ref PduBodyReader reader, bool deliver)
    {
        var serviceType = reader.ReadCString("service_type", 6, CommandStatus.InvalidServiceType);
        var sourceTon = reader.ReadByte("source_addr_ton");
        var sourceNpi = reader.ReadByte("source_addr_npi");
        var source = reader.ReadCString("source_addr", 21, CommandStatus.InvalidSourceAddress);
        var destinationTon = reader.ReadByte("dest_addr_ton");
        var destinationNpi = reader.ReadByte("dest_addr_npi");
        var destination = reader.ReadCString("destination_addr", 21, CommandStatus.InvalidDestinationAddress);
        var esmClass = reader.ReadByte("esm_class");
        var protocolId = reader.ReadByte("protocol_id");
        var priority = reader.ReadByte("priority_flag");
        var schedule = reader.ReadTime("schedule_delivery_time", CommandStatus.InvalidScheduleTime);
        var validity = reader.ReadTime("validity_period", CommandStatus.InvalidExpiry);
        var registered = reader.ReadByte("registered_delivery");
        var replace = reader.ReadByte("replace_if_present_flag");
        var dataCoding = reader.ReadByte("data_coding");
        var defaultId = reader.ReadByte("sm_default_msg_id");
        var length = reader.ReadByte("sm_length");
        if (length > 254)
        {
            throw reader.Fail(CommandStatus.InvalidMessageLength, $"sm_length {length} is above 254");
        }

        var message = reader.ReadOctets(length, "short_message", CommandStatus.InvalidMessageLength);
        var tlvs = reader.ReadTlvs();
        var pdu = new ShortMessagePdu(deliver)
        {
            ServiceType = serviceType, SourceTon = sourceTon, SourceNpi = sourceNpi, SourceAddress = source,
            DestinationTon = destinationTon, DestinationNpi = destinationNpi, DestinationAddress = destination,
            EsmClass = esmClass, ProtocolId = protocolId, PriorityFlag = priority, ScheduleDeliveryTime = schedule,
            ValidityPeriod = validity, RegisteredDelivery = registered, ReplaceIfPresent = replace,
            DataCoding = dataCoding, DefaultMessageId = defaultId, ShortMessage = message, Tlvs = tlvs,
        };

        // §5.3.2.32: the text travels in one of the two, never both.
        if (length > 0 && pdu.Find(TlvTag.MessagePayload) is not null)
        {
            throw reader.Fail(CommandStatus.InvalidMessageLength, "both short_message and message_payload carry data");
        }

        return pdu;
    }
}
