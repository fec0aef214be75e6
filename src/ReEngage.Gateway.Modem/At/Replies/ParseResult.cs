namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>
/// The outcome of parsing a modem reply. A modem is an untrusted peer: a malformed reply is a normal
/// event, so parsers report it here instead of throwing, and never read past the line they were given.
/// Three outcomes: a value; valid but absent (the reply holds no line for the command, e.g. a bare OK);
/// invalid, with the reason.
/// </summary>
/// <typeparam name="T">The parsed value.</typeparam>
public sealed class ParseResult<T>
    where T : class
{
    internal ParseResult(T? value, string? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value, or null when absent or invalid.</summary>
    public T? Value { get; }

    /// <summary>Why the reply was rejected, or null.</summary>
    public string? Error { get; }

    /// <summary>False when the reply was rejected.</summary>
    public bool IsValid => Error is null;

    /// <summary>True when a value was read.</summary>
    public bool HasValue => Value is not null;

    /// <inheritdoc />
    public override string ToString() => Error is not null ? $"invalid: {Error}" : Value?.ToString() ?? "absent";
}

/// <summary>Builds <see cref="ParseResult{T}"/> values (static members live here, not on the generic type: CA1000).</summary>
public static class ParseResult
{
    /// <summary>A value was read.</summary>
    public static ParseResult<T> Success<T>(T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, null);
    }

    /// <summary>The reply was rejected, for <paramref name="reason"/>.</summary>
    public static ParseResult<T> Invalid<T>(string reason)
        where T : class => new(null, string.IsNullOrEmpty(reason) ? "invalid reply" : reason);

    /// <summary>A reply with no line for the command: valid, nothing to report.</summary>
    public static ParseResult<T> Absent<T>()
        where T : class => new(null, null);
}
