namespace ReEngage.Gateway.Core.Marketing;

/// <summary>A saved segment: a rule tree (<see cref="SegmentRule"/>) stored as JSON.</summary>
public sealed class Segment
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public required string RuleJson { get; set; }

    /// <summary>The business's "sleeping" segment: active members become <see cref="ContactStatus.Sleeping"/>, and back when they leave it.</summary>
    public bool MarksSleeping { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public enum AutomationStatus
{
    Draft,
    Active,
    Paused,
}

/// <summary>The multi-step re-engagement automation.</summary>
public sealed class Automation
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public long SegmentId { get; set; }

    public AutomationStatus Status { get; set; }

    /// <summary>The steps, waits, templates, landing pages and coupons (<see cref="AutomationDefinition"/>) as JSON.</summary>
    public required string DefinitionJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ActivatedAt { get; set; }
}

public enum RunStatus
{
    Active,
    Completed,
}

public enum RunOutcome
{
    /// <summary>Engaged: back to the active list.</summary>
    Reactivated,

    /// <summary>Never engaged by the end: unsubscribed.</summary>
    NotEngaged,

    /// <summary>Opted out, unsubscribed or erased during the run.</summary>
    Left,
}

/// <summary>One contact's way through one automation. A contact is never in two active runs of one automation (unique index).</summary>
public sealed class AutomationRun
{
    public long Id { get; set; }

    public long AutomationId { get; set; }

    public long ContactId { get; set; }

    public RunStatus Status { get; set; }

    public DateTimeOffset EnrolledAt { get; set; }

    /// <summary>Index of the next step; equal to the step count when only the end is left.</summary>
    public int NextStep { get; set; }

    public DateTimeOffset NextAt { get; set; }

    /// <summary>The first engagement after enrolment (click, landing page, reply, purchase...).</summary>
    public DateTimeOffset? EngagedAt { get; set; }

    public RunOutcome? Outcome { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Held out at enrolment: never messaged, tracked the same way, the control group of the lift.</summary>
    public bool HeldOut { get; set; }
}

public enum CampaignStatus
{
    Draft,
    Scheduled,
    Running,
    Completed,
    Cancelled,
}

/// <summary>A one-off or scheduled send to a segment.</summary>
public sealed class Campaign
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public long SegmentId { get; set; }

    /// <summary>Sleeping contacts are left out of regular campaigns unless this is set.</summary>
    public bool IncludeSleeping { get; set; }

    /// <summary>The message and guards (<see cref="CampaignDefinition"/>) as JSON.</summary>
    public required string DefinitionJson { get; set; }

    public int? BudgetParts { get; set; }

    public CampaignStatus Status { get; set; }

    public DateTimeOffset? ScheduledAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum SendOutcome
{
    Sent,
    Skipped,
}

/// <summary>What marketing did for one contact at one step: a message, or why not.</summary>
public sealed class MarketingSend
{
    public long Id { get; set; }

    public long ContactId { get; set; }

    public long? AutomationId { get; set; }

    public long? RunId { get; set; }

    public long? CampaignId { get; set; }

    public int Step { get; set; }

    public DateTimeOffset At { get; set; }

    public SendOutcome Outcome { get; set; }

    /// <summary>opted_out, frequency_cap, budget, engaged, invalid, too_long, no_coupons, holdout.</summary>
    public string? SkipReason { get; set; }

    public long? MessageId { get; set; }

    public int Parts { get; set; }

    public string? LinkCode { get; set; }

    public string? CouponCode { get; set; }

    /// <summary>The A/B variant sent (0 = the template); null when the step has no variants.</summary>
    public int? Variant { get; set; }
}

/// <summary>A per-contact short link /s/{code}; it outlives the automation or campaign that sent it.</summary>
public sealed class ShortLink
{
    public required string Code { get; set; }

    public long? ContactId { get; set; }

    public long? AutomationId { get; set; }

    public long? CampaignId { get; set; }

    public int Step { get; set; }

    /// <summary>Where a click goes; null means the step's landing page /l/{code}.</summary>
    public string? Target { get; set; }

    public string? CouponCode { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int Clicks { get; set; }

    public DateTimeOffset? FirstClickAt { get; set; }

    public int Opens { get; set; }

    public DateTimeOffset? FirstOpenAt { get; set; }
}

/// <summary>A unique coupon code, generated from a pattern or imported into a pool.</summary>
public sealed class Coupon
{
    public required string Code { get; set; }

    /// <summary>The imported list it came from; null when generated.</summary>
    public string? Pool { get; set; }

    public long? ContactId { get; set; }

    public long? AutomationId { get; set; }

    public long? CampaignId { get; set; }

    public int Step { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? AssignedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RedeemedAt { get; set; }

    public double? RedeemedValue { get; set; }
}

/// <summary>A reply to a survey step, or a contest entry.</summary>
public sealed class StepResponse
{
    public long Id { get; set; }

    public long ContactId { get; set; }

    public long? AutomationId { get; set; }

    public long? RunId { get; set; }

    public long? CampaignId { get; set; }

    public int Step { get; set; }

    /// <summary>answer (survey) or entry (contest).</summary>
    public required string Kind { get; set; }

    public required string Text { get; set; }

    public long InboundId { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>A recorded winner draw among a contest step's entries: reproducible from its seed and the entries.</summary>
public sealed class ContestDraw
{
    public long Id { get; set; }

    public long? AutomationId { get; set; }

    public long? CampaignId { get; set; }

    public int Step { get; set; }

    public long Seed { get; set; }

    /// <summary>How many distinct contacts had entered when the draw was made.</summary>
    public int Entrants { get; set; }

    /// <summary>The winners' contact ids in the order drawn, as JSON.</summary>
    public required string WinnersJson { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Entries up to this instant took part: a later entry cannot change a past draw's result.</summary>
    public DateTimeOffset EntriesUntil { get; set; }
}
