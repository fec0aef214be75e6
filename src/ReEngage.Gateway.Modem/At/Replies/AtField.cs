namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>
/// One comma-separated field of an information line: its text with the surrounding spaces and quotes
/// removed, and whether it was quoted. The quoting matters: 27.007 §4.1 types string parameters as
/// quoted, so a quoted field is never an integer (it tells <c>&lt;lac&gt;</c> from <c>&lt;stat&gt;</c>), and
/// an empty quoted field (<c>""</c>) is a present empty string where an empty unquoted one is an omitted value.
/// </summary>
/// <param name="Text">The field without surrounding spaces and quotes.</param>
/// <param name="Quoted">True when the field was quoted.</param>
public readonly record struct AtField(string Text, bool Quoted)
{
    /// <summary>True for an unquoted empty field (an omitted parameter).</summary>
    public bool IsOmitted => !Quoted && Text.Length == 0;

    /// <summary>The text, or null for an omitted parameter.</summary>
    public string? OrNull => IsOmitted ? null : Text;

    /// <summary>The text, or null when it is empty, quoted or not.</summary>
    public string? NonEmptyOrNull => Text.Length == 0 ? null : Text;

    /// <summary>
    /// Reads a decimal integer. Zero padding (<c>001</c>, <c>0011</c>: Iridium, ModemManager's tests) is
    /// accepted because 27.007 defines the value, not its width; a quoted number is accepted too.
    /// </summary>
    public bool TryInt(out int value)
    {
        value = 0;
        if (Text.Length == 0)
        {
            return false;
        }

        foreach (var c in Text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        // Nine significant digits always fit an int; more is garbage, not a parameter.
        var digits = Text.AsSpan().TrimStart('0');
        if (digits.Length > 9)
        {
            return false;
        }

        foreach (var c in digits)
        {
            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>The integer, or null when the field is empty or not a decimal number.</summary>
    public int? Number => TryInt(out var value) ? value : null;
}
