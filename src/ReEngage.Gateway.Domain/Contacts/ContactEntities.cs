namespace ReEngage.Gateway.Core.Marketing;

/// <summary>Where a contact stands with marketing.</summary>
public enum ContactStatus
{
    /// <summary>Receives regular campaigns.</summary>
    Active,

    /// <summary>Inactive past the business's threshold: left out of regular campaigns, targeted by re-engagement.</summary>
    Sleeping,

    /// <summary>Did not respond to re-engagement (or asked to leave the list): never messaged.</summary>
    Unsubscribed,

    /// <summary>Sent STOP (or was erased): never messaged.</summary>
    OptedOut,
}

/// <summary>What a contact did.</summary>
public enum ActivityType
{
    Purchase = 0,
    Visit = 1,
    EmailOpen = 2,
    EmailClick = 3,
    LinkClick = 4,
    PromoUsed = 5,
    Loyalty = 6,
    SmsReply = 7,
}

/// <summary>A customer of the business.</summary>
/// <remarks>
/// The Last*At columns are the latest event of each type, kept in step with <c>activity_events</c>
/// (<c>ActivityRecorder</c>, in the runtime): an inactivity segment over a million contacts is then one scan of
/// this table instead of a million probes into ten million events.
/// </remarks>
public sealed partial class Contact : Messaging.IHasDomainEvents
{
    private readonly List<Messaging.DomainEvent> events = [];

    public long Id { get; set; }

    /// <summary>E.164.</summary>
    public required string Phone { get; set; }

    /// <summary>The shop's own id for the customer.</summary>
    public string? ExternalId { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public DateOnly? Birthday { get; set; }

    /// <summary>1–12, from <see cref="Birthday"/>, for "birthday this month" without date functions.</summary>
    public int? BirthMonth { get; set; }

    /// <summary>IETF language tag (it, en-GB).</summary>
    public string? Language { get; set; }

    /// <summary>IANA time zone for quiet hours; the gateway's when empty.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Changed only through <see cref="ChangeStatus"/>, which applies <see cref="ContactTransitions"/> and records the event.</summary>
    public ContactStatus Status { get; private set; }

    public string? ConsentSource { get; set; }

    public DateTimeOffset? ConsentAt { get; set; }

    public string? ConsentText { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? LastActivityAt { get; set; }

    /// <summary>The last sign of interest: any activity but an email open (image proxies fake those), or a landing page open.</summary>
    public DateTimeOffset? LastEngagedAt { get; set; }

    public DateTimeOffset? LastPurchaseAt { get; set; }

    public DateTimeOffset? LastVisitAt { get; set; }

    public DateTimeOffset? LastEmailOpenAt { get; set; }

    public DateTimeOffset? LastEmailClickAt { get; set; }

    public DateTimeOffset? LastLinkClickAt { get; set; }

    public DateTimeOffset? LastPromoUsedAt { get; set; }

    public DateTimeOffset? LastLoyaltyAt { get; set; }

    public DateTimeOffset? LastSmsReplyAt { get; set; }

    /// <summary>Purchases on record (<see cref="PurchaseRhythm"/>), kept with the Last*At columns.</summary>
    public int PurchaseCount { get; set; }

    /// <summary>The median time between this contact's purchases, in ticks; null with fewer than two.</summary>
    public long? PurchaseIntervalTicks { get; set; }

    /// <summary>
    /// <see cref="LastPurchaseAt"/> as plain ticks: the "overdue" rule compares it with a multiple of the
    /// contact's own interval in SQL, and EF cannot do arithmetic on a converted date column.
    /// </summary>
    public long? LastPurchaseTicks { get; set; }

    /// <summary>This contact's rhythm, from the stored columns.</summary>
    public Rhythm Rhythm => new(PurchaseCount, PurchaseIntervalTicks is { } t ? TimeSpan.FromTicks(t) : null, LastPurchaseAt);

    public List<ContactTag> Tags { get; set; } = [];

    public List<ContactField> Attributes { get; set; } = [];

    /// <summary>A new, active contact.</summary>
    public static Contact Create(string phone, DateTimeOffset now) => new() { Phone = phone, CreatedAt = now, UpdatedAt = now, Status = ContactStatus.Active };

    public void SetBirthday(DateOnly? birthday)
    {
        Birthday = birthday;
        BirthMonth = birthday?.Month;
    }

    /// <summary>
    /// Moves the contact to <paramref name="to"/> if <see cref="ContactTransitions"/> allows it, recording a
    /// <see cref="Messaging.ContactStatusChanged"/> that the save turns into its webhook rows; the refusal otherwise.
    /// </summary>
    public string? ChangeStatus(ContactStatus to, ContactChangeBy by, string reason, DateTimeOffset now, bool phoneOptedOut = false)
    {
        if (ContactTransitions.Refusal(Phone, Status, to, by, phoneOptedOut) is { } refusal)
        {
            return refusal;
        }

        if (Status != to)
        {
            events.Add(new Messaging.ContactStatusChanged(this, Status, to, by, reason));
            Status = to;
            UpdatedAt = now;
        }

        return null;
    }

    IReadOnlyList<Messaging.DomainEvent> Messaging.IHasDomainEvents.TakeEvents()
    {
        var taken = events.ToArray();
        events.Clear();
        return taken;
    }
}

/// <summary>A tag on a contact ("vip", "newsletter").</summary>
public sealed class ContactTag
{
    public long ContactId { get; set; }

    public required string Tag { get; set; }
}

/// <summary>A free attribute of a contact (city = Milano).</summary>
public sealed class ContactField
{
    public long ContactId { get; set; }

    public required string Name { get; set; }

    public required string Value { get; set; }
}

/// <summary>Something a contact did, pushed by the shop or recorded by the gateway.</summary>
public sealed class ActivityEvent
{
    public long Id { get; set; }

    public long ContactId { get; set; }

    public ActivityType Type { get; set; }

    public DateTimeOffset At { get; set; }

    public double? Value { get; set; }

    /// <summary>api, import, link, sms.</summary>
    public string? Source { get; set; }

    /// <summary>ISO 4217 code of <see cref="Value"/> for purchases; null means the business's currency.</summary>
    public string? Currency { get; set; }
}
