namespace ReEngage.Gateway.Smpp;

/// <summary>SMPP v3.4 command_status values (§5.1.3) the server answers with.</summary>
public static class CommandStatus
{
    public const uint Ok = 0x00000000;
    public const uint InvalidMessageLength = 0x00000001;
    public const uint InvalidCommandLength = 0x00000002;
    public const uint InvalidCommandId = 0x00000003;
    public const uint InvalidBindStatus = 0x00000004;
    public const uint AlreadyBound = 0x00000005;
    public const uint InvalidPriorityFlag = 0x00000006;
    public const uint InvalidRegisteredDelivery = 0x00000007;
    public const uint SystemError = 0x00000008;
    public const uint InvalidSourceAddress = 0x0000000A;
    public const uint InvalidDestinationAddress = 0x0000000B;
    public const uint InvalidMessageId = 0x0000000C;
    public const uint BindFailed = 0x0000000D;
    public const uint InvalidPassword = 0x0000000E;
    public const uint InvalidSystemId = 0x0000000F;
    public const uint MessageQueueFull = 0x00000014;
    public const uint InvalidServiceType = 0x00000015;
    public const uint InvalidEsmClass = 0x00000043;
    public const uint SubmitFailed = 0x00000045;
    public const uint InvalidSourceTon = 0x00000048;
    public const uint InvalidSourceNpi = 0x00000049;
    public const uint InvalidDestinationTon = 0x00000050;
    public const uint InvalidDestinationNpi = 0x00000051;
    public const uint InvalidSystemType = 0x00000053;
    public const uint Throttled = 0x00000058;
    public const uint InvalidScheduleTime = 0x00000061;
    public const uint InvalidExpiry = 0x00000062;
    public const uint InvalidOptionalParameterStream = 0x000000C0;
    public const uint OptionalParameterNotAllowed = 0x000000C1;
    public const uint InvalidParameterLength = 0x000000C2;
    public const uint MissingOptionalParameter = 0x000000C3;
    public const uint InvalidOptionalParameterValue = 0x000000C4;
    public const uint DeliveryFailure = 0x000000FE;
    public const uint UnknownError = 0x000000FF;

    /// <summary>Reserved in 3.4 but widely used (3.5/5.0) for an unsupported data_coding; Kannel and node-smpp know it.</summary>
    public const uint InvalidDataCoding = 0x00000104;

    /// <summary>The spec's constant name (ESME_…), for logs and documentation.</summary>
    public static string Name(uint status) => status switch
    {
        Ok => "ESME_ROK",
        InvalidMessageLength => "ESME_RINVMSGLEN",
        InvalidCommandLength => "ESME_RINVCMDLEN",
        InvalidCommandId => "ESME_RINVCMDID",
        InvalidBindStatus => "ESME_RINVBNDSTS",
        AlreadyBound => "ESME_RALYBND",
        InvalidPriorityFlag => "ESME_RINVPRTFLG",
        InvalidRegisteredDelivery => "ESME_RINVREGDLVFLG",
        SystemError => "ESME_RSYSERR",
        InvalidSourceAddress => "ESME_RINVSRCADR",
        InvalidDestinationAddress => "ESME_RINVDSTADR",
        InvalidMessageId => "ESME_RINVMSGID",
        BindFailed => "ESME_RBINDFAIL",
        InvalidPassword => "ESME_RINVPASWD",
        InvalidSystemId => "ESME_RINVSYSID",
        MessageQueueFull => "ESME_RMSGQFUL",
        InvalidServiceType => "ESME_RINVSERTYP",
        InvalidEsmClass => "ESME_RINVESMCLASS",
        SubmitFailed => "ESME_RSUBMITFAIL",
        InvalidSourceTon => "ESME_RINVSRCTON",
        InvalidSourceNpi => "ESME_RINVSRCNPI",
        InvalidDestinationTon => "ESME_RINVDSTTON",
        InvalidDestinationNpi => "ESME_RINVDSTNPI",
        InvalidSystemType => "ESME_RINVSYSTYP",
        Throttled => "ESME_RTHROTTLED",
        InvalidScheduleTime => "ESME_RINVSCHED",
        InvalidExpiry => "ESME_RINVEXPIRY",
        InvalidOptionalParameterStream => "ESME_RINVOPTPARSTREAM",
        OptionalParameterNotAllowed => "ESME_ROPTPARNOTALLWD",
        InvalidParameterLength => "ESME_RINVPARLEN",
        MissingOptionalParameter => "ESME_RMISSINGOPTPARAM",
        InvalidOptionalParameterValue => "ESME_RINVOPTPARAMVAL",
        DeliveryFailure => "ESME_RDELIVERYFAILURE",
        UnknownError => "ESME_RUNKNOWNERR",
        InvalidDataCoding => "ESME_RINVDCS",
        _ => $"0x{status:X8}",
    };
}
