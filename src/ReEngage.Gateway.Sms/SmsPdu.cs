namespace ReEngage.Gateway.Sms;

/// <summary>The TP-MTI message types this codec reads.</summary>
public enum SmsPduType
{
    /// <summary>SMS-DELIVER: an inbound message (SC → MS).</summary>
    Deliver,

    /// <summary>SMS-SUBMIT: an outbound message (MS → SC).</summary>
    Submit,

    /// <summary>SMS-STATUS-REPORT: a delivery report (SC → MS).</summary>
    StatusReport,
}

/// <summary>Decoded TP-UD.</summary>
/// <param name="Encoding">Alphabet from TP-DCS.</param>
/// <param name="Text">The text (for 8-bit data, the octets in hex).</param>
/// <param name="Data">The raw octets, for 8-bit data; null otherwise.</param>
/// <param name="Concatenation">Concatenation IE, when present and valid.</param>
/// <param name="Elements">Every header IE, in order.</param>
public sealed record SmsUserData(SmsEncoding Encoding, string Text, byte[]? Data, ConcatenationInfo? Concatenation, IReadOnlyList<InformationElement> Elements)
{
    /// <summary>Empty user data.</summary>
    public static SmsUserData Empty { get; } = new(SmsEncoding.Gsm7, string.Empty, null, null, []);
}

/// <summary>A decoded TPDU, with the SMSC field that preceded it (when there was one).</summary>
public abstract record SmsPdu
{
    /// <summary>The message type.</summary>
    public abstract SmsPduType Type { get; }

    /// <summary>SMSC from the leading SMSC field; null when absent or empty.</summary>
    public SmsAddress? ServiceCentre { get; init; }

    /// <summary>The first TPDU octet (MTI and flags).</summary>
    public byte FirstOctet { get; init; }

    /// <summary>TPDU length in octets (the length a modem reports with +CMGR / +CMT / +CDS).</summary>
    public int TpduLength { get; init; }
}

/// <summary>SMS-DELIVER.</summary>
public sealed record SmsDeliver : SmsPdu
{
    /// <inheritdoc />
    public override SmsPduType Type => SmsPduType.Deliver;

    /// <summary>TP-OA.</summary>
    public required SmsAddress Originator { get; init; }

    /// <summary>TP-PID.</summary>
    public byte ProtocolIdentifier { get; init; }

    /// <summary>TP-DCS.</summary>
    public DataCodingScheme DataCoding { get; init; }

    /// <summary>TP-SCTS; null when the SMSC sent an impossible date.</summary>
    public DateTimeOffset? ServiceCentreTimestamp { get; init; }

    /// <summary>TP-UD.</summary>
    public required SmsUserData UserData { get; init; }

    /// <summary>TP-SRI: the sender asked for a status report.</summary>
    public bool StatusReportIndication => (FirstOctet & 0x20) != 0;
}

/// <summary>SMS-SUBMIT.</summary>
public sealed record SmsSubmit : SmsPdu
{
    /// <inheritdoc />
    public override SmsPduType Type => SmsPduType.Submit;

    /// <summary>TP-MR.</summary>
    public int MessageReference { get; init; }

    /// <summary>TP-DA.</summary>
    public required SmsAddress Destination { get; init; }

    /// <summary>TP-PID.</summary>
    public byte ProtocolIdentifier { get; init; }

    /// <summary>TP-DCS.</summary>
    public DataCodingScheme DataCoding { get; init; }

    /// <summary>TP-VP when relative; null when absent or in another format.</summary>
    public TimeSpan? ValidityPeriod { get; init; }

    /// <summary>TP-UD.</summary>
    public required SmsUserData UserData { get; init; }

    /// <summary>TP-SRR.</summary>
    public bool StatusReportRequest => (FirstOctet & 0x20) != 0;

    /// <summary>TP-RD.</summary>
    public bool RejectDuplicates => (FirstOctet & 0x04) != 0;
}

/// <summary>SMS-STATUS-REPORT.</summary>
public sealed record SmsStatusReport : SmsPdu
{
    /// <inheritdoc />
    public override SmsPduType Type => SmsPduType.StatusReport;

    /// <summary>TP-MR of the submitted part this report is about.</summary>
    public int MessageReference { get; init; }

    /// <summary>TP-RA; its type of number may differ from what was sent (national vs international).</summary>
    public required SmsAddress Recipient { get; init; }

    /// <summary>TP-SCTS: when the SMSC received the part.</summary>
    public DateTimeOffset? ServiceCentreTimestamp { get; init; }

    /// <summary>TP-DT: when it was delivered, or when the status was decided.</summary>
    public DateTimeOffset? DischargeTime { get; init; }

    /// <summary>TP-ST with its meaning.</summary>
    public DeliveryStatus Status { get; init; }

    /// <summary>Optional TP-UD, when TP-PI announced one.</summary>
    public SmsUserData? UserData { get; init; }
}
