namespace ReEngage.Gateway.Core;

/// <summary>The window marketing stays silent in, in a time zone (the contact's, else this one).</summary>
public sealed class QuietHoursOptions
{
    /// <summary>Local time marketing stops, e.g. "21:00"; null for no quiet hours.</summary>
    public TimeOnly? Start { get; set; }

    public TimeOnly? End { get; set; }

    /// <summary>IANA zone, e.g. "Europe/Rome"; null for the machine's zone.</summary>
    public string? TimeZone { get; set; }
}
