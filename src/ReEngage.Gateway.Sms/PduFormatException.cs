namespace ReEngage.Gateway.Sms;

/// <summary>
/// A PDU that cannot be decoded. The only exception the decoders throw for bad input: it says where
/// (octet offset into the PDU, SMSC field included) and why.
/// </summary>
public sealed class PduFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public PduFormatException(int offset, string reason)
        : base($"Malformed PDU at octet {offset}: {reason}")
    {
        Offset = offset;
        Reason = reason;
    }

    /// <summary>Octet offset into the PDU where decoding failed.</summary>
    public int Offset { get; }

    /// <summary>What was wrong, in words.</summary>
    public string Reason { get; }
}
