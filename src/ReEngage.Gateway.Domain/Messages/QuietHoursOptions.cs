namespace ReEngage.Gateway.Core;

/// <summary>The window marketing stays silent in, in a time zone (the contact's, else this one).</summary>
/// <remarks>
/// On by default, 21:00–09:00: a marketing SMS at 05:51 is a complaint (and in some countries a breach), and a
/// shop owner who never opened Settings expects none. Empty start and end ("" in appsettings, null in the API)
/// turn them off.
/// </remarks>
public sealed class QuietHoursOptions
{
    public static readonly TimeOnly DefaultStart = new(21, 0);

    public static readonly TimeOnly DefaultEnd = new(9, 0);

    /// <summary>Local time marketing stops, e.g. "21:00"; null for no quiet hours.</summary>
    public TimeOnly? Start { get; set; } = DefaultStart;

    public TimeOnly? End { get; set; } = DefaultEnd;

    /// <summary>IANA zone, e.g. "Europe/Rome"; null for the business's zone (Gateway:Marketing:TimeZone), else the machine's.</summary>
    public string? TimeZone { get; set; }
}
