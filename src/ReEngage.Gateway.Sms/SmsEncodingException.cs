namespace ReEngage.Gateway.Sms;

/// <summary>Why a text or a destination cannot be encoded as SMS.</summary>
public enum SmsEncodingError
{
    /// <summary>The text holds a high or low surrogate without its partner: it is not valid Unicode.</summary>
    LoneSurrogate,

    /// <summary>The text needs more parts than allowed.</summary>
    TooManyParts,

    /// <summary>The destination is not a dialable number.</summary>
    InvalidAddress,

    /// <summary>An option is out of range.</summary>
    InvalidOption,
}

/// <summary>A text, destination or option that cannot be encoded, with a reason meant for the person who typed it.</summary>
public sealed class SmsEncodingException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public SmsEncodingException(SmsEncodingError error, string message, int? position = null)
        : base(message)
    {
        Error = error;
        Position = position;
    }

    /// <summary>What is wrong.</summary>
    public SmsEncodingError Error { get; }

    /// <summary>Index in the text (UTF-16 code units) of the offending character, when there is one.</summary>
    public int? Position { get; }
}
