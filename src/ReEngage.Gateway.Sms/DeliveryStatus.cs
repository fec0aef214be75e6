namespace ReEngage.Gateway.Sms;

/// <summary>What a TP-ST value means for the message.</summary>
public enum DeliveryOutcome
{
    /// <summary>0x00–0x1F: the short message was delivered (or replaced / forwarded unconfirmed).</summary>
    Delivered,

    /// <summary>0x20–0x3F: temporary error, the SMSC is still trying. Not final.</summary>
    Pending,

    /// <summary>0x40–0x5F permanent error, or 0x60–0x7F temporary error after which the SMSC gave up. Final.</summary>
    Failed,
}

/// <summary>TP-ST (3GPP TS 23.040 §9.2.3.15) and its meaning.</summary>
/// <param name="Value">The raw status octet.</param>
public readonly record struct DeliveryStatus(byte Value)
{
    /// <summary>Delivered, still pending, or failed.</summary>
    public DeliveryOutcome Outcome => Value switch
    {
        <= 0x1F => DeliveryOutcome.Delivered,
        <= 0x3F => DeliveryOutcome.Pending,
        _ => DeliveryOutcome.Failed,
    };

    /// <summary>True when no further report will change the outcome.</summary>
    public bool IsFinal => Outcome != DeliveryOutcome.Pending;

    /// <summary>The meaning in words, from 23.040.</summary>
    public string Description => Value switch
    {
        0x00 => "Short message received by the SME",
        0x01 => "Short message forwarded by the SC to the SME but the SC is unable to confirm delivery",
        0x02 => "Short message replaced by the SC",
        <= 0x0F => "Delivered (reserved status)",
        <= 0x1F => "Delivered (SC-specific status)",
        0x20 or 0x60 => Temporary("Congestion"),
        0x21 or 0x61 => Temporary("SME busy"),
        0x22 or 0x62 => Temporary("No response from SME"),
        0x23 or 0x63 => Temporary("Service rejected"),
        0x24 or 0x64 => Temporary("Quality of service not available"),
        0x25 or 0x65 => Temporary("Error in SME"),
        <= 0x3F => "Temporary error, SC still trying",
        0x40 => "Permanent error: remote procedure error",
        0x41 => "Permanent error: incompatible destination",
        0x42 => "Permanent error: connection rejected by SME",
        0x43 => "Permanent error: not obtainable",
        0x44 => "Permanent error: quality of service not available",
        0x45 => "Permanent error: no interworking available",
        0x46 => "Permanent error: SM validity period expired",
        0x47 => "Permanent error: SM deleted by originating SME",
        0x48 => "Permanent error: SM deleted by SC administration",
        0x49 => "Permanent error: SM does not exist",
        <= 0x5F => "Permanent error",
        _ => "Temporary error, SC is not making any more transfer attempts",
    };

    private string Temporary(string reason) => Value < 0x40
        ? $"Temporary error, SC still trying: {reason}"
        : $"Temporary error, SC gave up: {reason}";
}
