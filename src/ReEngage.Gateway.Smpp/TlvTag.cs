namespace ReEngage.Gateway.Smpp;

/// <summary>SMPP v3.4 optional parameter tags (§5.3.2) the gateway reads or writes.</summary>
public static class TlvTag
{
    public const ushort DestAddrSubunit = 0x0005;
    public const ushort SourceAddrSubunit = 0x000D;
    public const ushort PayloadType = 0x0019;
    public const ushort UserMessageReference = 0x0204;
    public const ushort UserResponseCode = 0x0205;
    public const ushort SourcePort = 0x020A;
    public const ushort DestinationPort = 0x020B;
    public const ushort SarMsgRefNum = 0x020C;
    public const ushort LanguageIndicator = 0x020D;
    public const ushort SarTotalSegments = 0x020E;
    public const ushort SarSegmentSeqnum = 0x020F;
    public const ushort ScInterfaceVersion = 0x0210;
    public const ushort NetworkErrorCode = 0x0423;
    public const ushort MessagePayload = 0x0424;
    public const ushort DeliveryFailureReason = 0x0425;
    public const ushort MessageState = 0x0427;
    public const ushort ReceiptedMessageId = 0x001E;

    /// <summary>The value length a fixed-size tag must have, or -1 for a variable one.</summary>
    internal static int FixedLength(ushort tag) => tag switch
    {
        UserMessageReference or SourcePort or DestinationPort or SarMsgRefNum => 2,
        SarTotalSegments or SarSegmentSeqnum or MessageState or ScInterfaceVersion or PayloadType
            or LanguageIndicator or DeliveryFailureReason or DestAddrSubunit or SourceAddrSubunit => 1,
        NetworkErrorCode => 3,
        _ => -1,
    };
}
