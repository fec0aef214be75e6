namespace ReEngage.Gateway.Smpp;

/// <summary>SMPP v3.4 command_id values (§5.1.2.1). A response is its request's id with the top bit set.</summary>
public static class SmppCommand
{
    /// <summary>The bit that marks a response.</summary>
    public const uint ResponseBit = 0x80000000;

    public const uint GenericNack = 0x80000000;
    public const uint BindReceiver = 0x00000001;
    public const uint BindReceiverResp = 0x80000001;
    public const uint BindTransmitter = 0x00000002;
    public const uint BindTransmitterResp = 0x80000002;
    public const uint QuerySm = 0x00000003;
    public const uint SubmitSm = 0x00000004;
    public const uint SubmitSmResp = 0x80000004;
    public const uint DeliverSm = 0x00000005;
    public const uint DeliverSmResp = 0x80000005;
    public const uint Unbind = 0x00000006;
    public const uint UnbindResp = 0x80000006;
    public const uint ReplaceSm = 0x00000007;
    public const uint CancelSm = 0x00000008;
    public const uint BindTransceiver = 0x00000009;
    public const uint BindTransceiverResp = 0x80000009;
    public const uint Outbind = 0x0000000B;
    public const uint EnquireLink = 0x00000015;
    public const uint EnquireLinkResp = 0x80000015;
    public const uint SubmitMulti = 0x00000021;
    public const uint AlertNotification = 0x00000102;
    public const uint DataSm = 0x00000103;

    /// <summary>The response id of a request id.</summary>
    public static uint ResponseOf(uint commandId) => commandId | ResponseBit;

    /// <summary>True for a response (generic_nack included).</summary>
    public static bool IsResponse(uint commandId) => (commandId & ResponseBit) != 0;

    /// <summary>The spec's name, for logs.</summary>
    public static string Name(uint commandId) => commandId switch
    {
        GenericNack => "generic_nack",
        BindReceiver => "bind_receiver",
        BindReceiverResp => "bind_receiver_resp",
        BindTransmitter => "bind_transmitter",
        BindTransmitterResp => "bind_transmitter_resp",
        QuerySm => "query_sm",
        SubmitSm => "submit_sm",
        SubmitSmResp => "submit_sm_resp",
        DeliverSm => "deliver_sm",
        DeliverSmResp => "deliver_sm_resp",
        Unbind => "unbind",
        UnbindResp => "unbind_resp",
        ReplaceSm => "replace_sm",
        CancelSm => "cancel_sm",
        BindTransceiver => "bind_transceiver",
        BindTransceiverResp => "bind_transceiver_resp",
        Outbind => "outbind",
        EnquireLink => "enquire_link",
        EnquireLinkResp => "enquire_link_resp",
        SubmitMulti => "submit_multi",
        AlertNotification => "alert_notification",
        DataSm => "data_sm",
        _ => $"0x{commandId:X8}",
    };
}
