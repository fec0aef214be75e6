namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// The activity recorder's statements that the engines spell differently (a JSON list of contact ids as one
/// parameter, the larger of two values), each written in full by its engine's assembly. Parameters: <c>@ids</c>
/// a JSON array of contact ids; <c>@at</c> UTC ticks and <c>@contact</c> an id.
/// </summary>
public sealed record ActivityStatements
{
    /// <summary>
    /// Recomputes each listed contact's Last*At columns from its events, so late or out-of-order events (a CSV
    /// of last year's purchases) can never move a date backwards. Landing page opens are not events:
    /// LastEngagedAt keeps them (the larger of the stored value and the newest engaging event).
    /// </summary>
    public required string RecomputeLastAt { get; init; }

    /// <summary>Marks the listed contacts' active automation runs engaged when the contact engaged after enrolment.</summary>
    public required string EngageRuns { get; init; }

    /// <summary>The listed contacts' purchases: ContactId, At.</summary>
    public required string Purchases { get; init; }

    /// <summary>A landing page open: LastEngagedAt becomes the later of itself and @at.</summary>
    public required string LandingOpen { get; init; }
}
