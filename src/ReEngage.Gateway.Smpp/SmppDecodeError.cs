namespace ReEngage.Gateway.Smpp;

/// <summary>
/// Why a PDU could not be decoded, and what to answer: the status, and whether it goes in a
/// generic_nack (the header itself is wrong: length, unknown command) or in the command's own response.
/// </summary>
/// <param name="Status">The command_status to answer with (<see cref="CommandStatus"/>).</param>
/// <param name="CommandId">The command_id read from the header (0 when not even that could be read).</param>
/// <param name="SequenceNumber">The sequence number to echo (0 when it could not be read).</param>
/// <param name="Offset">Octet offset into the PDU where decoding failed.</param>
/// <param name="Reason">What was wrong, in words (for logs).</param>
public sealed record SmppDecodeError(uint Status, uint CommandId, uint SequenceNumber, int Offset, string Reason)
{
    /// <summary>True when the answer is a generic_nack rather than the command's response.</summary>
    public bool AnswerWithGenericNack => Status is CommandStatus.InvalidCommandLength or CommandStatus.InvalidCommandId
        || SmppCommand.IsResponse(CommandId);

    /// <summary>The command_id of the answer.</summary>
    public uint ResponseCommandId => AnswerWithGenericNack ? SmppCommand.GenericNack : SmppCommand.ResponseOf(CommandId);

    /// <summary>True when the sender sent a response that is broken: nothing is answered to a response (§2.8 only nacks requests), it is logged.</summary>
    public bool IsBrokenResponse => SmppCommand.IsResponse(CommandId);

    public override string ToString() => $"{CommandStatus.Name(Status)} at octet {Offset} of {SmppCommand.Name(CommandId)} #{SequenceNumber}: {Reason}";
}

/// <summary>The one exception the decoder throws for bad input; carries the <see cref="SmppDecodeError"/>.</summary>
public sealed class SmppDecodeException : FormatException
{
    /// <summary>Creates the exception for an error.</summary>
    public SmppDecodeException(SmppDecodeError error)
        : base(error?.ToString())
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>What was wrong and what to answer.</summary>
    public SmppDecodeError Error { get; }
}
