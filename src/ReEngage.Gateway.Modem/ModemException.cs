namespace ReEngage.Gateway.Modem;

/// <summary>What the dispatcher should do after a modem error.</summary>
public enum ModemErrorClass
{
    /// <summary>Busy or not ready: retry shortly on the same modem.</summary>
    RetrySameModem,

    /// <summary>Network trouble: back off, and another modem may do better.</summary>
    RetryOtherModem,

    /// <summary>The recipient cannot receive this message: fail it.</summary>
    PermanentForRecipient,

    /// <summary>The PDU was refused as malformed: a bug on our side; fail and log loudly.</summary>
    EncoderBug,

    /// <summary>SIM or configuration problem: take the modem out of service and alert.</summary>
    ModemUnusable,

    /// <summary>Storage full or failing: read and purge storage.</summary>
    Storage,

    /// <summary>The SMSC refused a duplicate: resubmit as a new message.</summary>
    Duplicate,

    /// <summary>Unknown: a limited number of retries, then fail.</summary>
    Unknown,
}

/// <summary>The modem answered a command with ERROR, +CMS ERROR or +CME ERROR.</summary>
public sealed class ModemCommandException : Exception
{
    /// <summary>Creates the exception from the modem's final result line.</summary>
    public ModemCommandException(string command, string finalResult)
        : this(command, finalResult, ModemErrors.Classify(finalResult))
    {
    }

    private ModemCommandException(string command, string finalResult, ModemError error)
        : base($"{Redact(command)} failed: {finalResult} ({error.Meaning})")
    {
        Command = command;
        FinalResult = finalResult;
        Error = error;
    }

    /// <summary>The command (PDUs and PINs are not kept in the message).</summary>
    public string Command { get; }

    /// <summary>The final result line as the modem sent it.</summary>
    public string FinalResult { get; }

    /// <summary>Code, kind, meaning and class of the error.</summary>
    public ModemError Error { get; }

    /// <summary>True when a retry (here or on another modem) may succeed.</summary>
    public bool IsTransient => Error.Class is ModemErrorClass.RetrySameModem or ModemErrorClass.RetryOtherModem or ModemErrorClass.Unknown or ModemErrorClass.Duplicate;

    internal static string Redact(string command) =>
        command.StartsWith("AT+CPIN=", StringComparison.OrdinalIgnoreCase) ? "AT+CPIN=****" : command;
}

/// <summary>The modem did not answer in time.</summary>
public sealed class ModemTimeoutException(string command, TimeSpan timeout, bool outcomeUnknown = false, bool lostSync = false)
    : TimeoutException(lostSync
        ? $"{ModemCommandException.Redact(command)} got no answer that could be matched to it{(outcomeUnknown ? " after the PDU was sent" : string.Empty)} (the AT line was out of step)"
        : $"{ModemCommandException.Redact(command)} got no {(outcomeUnknown ? "result after the PDU was sent" : "answer")} within {timeout.TotalSeconds:0.#} s")
{
    /// <summary>True when answers came but none could be shown to be this command's (the line was re-synchronised).</summary>
    public bool LostSync { get; } = lostSync;

    /// <summary>The command that timed out.</summary>
    public string Command { get; } = command;

    /// <summary>
    /// True when the timeout came after the PDU and Ctrl-Z were written: the SMS may have gone, so
    /// re-sending it may duplicate it (gammu #416).
    /// </summary>
    public bool OutcomeUnknown { get; } = outcomeUnknown;
}

/// <summary>The device went away (unplugged, closed, or the stream ended).</summary>
public sealed class ModemDisconnectedException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>The SIM needs something the gateway must not guess: a PUK, a PIN it was not given, or it is missing.</summary>
public sealed class SimNotReadyException(string state, string message) : Exception(message)
{
    /// <summary>The SIM state as the modem reported it (e.g. "SIM PUK", "NOT INSERTED").</summary>
    public string State { get; } = state;
}
