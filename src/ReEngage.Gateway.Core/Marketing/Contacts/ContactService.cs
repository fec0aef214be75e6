using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Phones;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>The result of an upsert: the contact, whether it is new, or why it was refused.</summary>
public sealed record UpsertResult(Contact? Contact, bool Created, FieldErrors? Errors);

/// <summary>Contacts: upsert, look-up, GDPR erasure and export.</summary>
public sealed class ContactService(GatewayDbContext db, PhoneNumberNormalizer phones, Transactions transactions, IConsentChanges consent, TimeProvider time)
{
    private static readonly string[] EraseSql =
    [
        "INSERT INTO opt_outs (\"Phone\", \"At\", \"Source\") VALUES (@phone, @at, 'erased') ON CONFLICT DO NOTHING",
        "UPDATE coupons SET \"ContactId\" = NULL WHERE \"ContactId\" = @id",
        "DELETE FROM short_links WHERE \"ContactId\" = @id",
        "DELETE FROM messages WHERE \"To\" = @phone",
        "DELETE FROM inbound_messages WHERE \"From\" = @phone",
        "DELETE FROM keyword_opt_outs WHERE \"Phone\" = @phone",
        "DELETE FROM webhook_deliveries WHERE \"Payload\" LIKE '%' || @phone || '%' AND \"State\" <> 'Pending'",
        "DELETE FROM contacts WHERE \"Id\" = @id",
    ];

    /// <summary>
    /// Creates or updates a contact: found by <paramref name="externalId"/> (PUT) or the body's external id,
    /// else by phone; with <paramref name="byPhone"/> only by phone (POST), an external id in the body then
    /// being stored on the contact found.
    /// </summary>
    public async Task<UpsertResult> UpsertAsync(ContactInput input, string? externalId, CancellationToken cancellationToken, bool byPhone = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (externalId is not null)
        {
            if (input.ExternalId is { } bodyId && !string.Equals(bodyId, externalId, StringComparison.Ordinal))
            {
                return new(null, false, new FieldErrors { { "externalId", $"The body's externalId '{bodyId}' differs from the one in the URL '{externalId}'." } });
            }

            input.ExternalId = externalId;
        }

        Contact? contact = null;
        if (!byPhone && input.ExternalId is { Length: > 0 } id)
        {
            contact = await db.Contacts.Include(c => c.Tags).Include(c => c.Attributes).FirstOrDefaultAsync(c => c.ExternalId == id, cancellationToken).ConfigureAwait(false);
        }

        var (valid, errors) = ContactValidation.Validate(input, phones, phoneRequired: contact is null);
        if (valid is null)
        {
            return new(null, false, errors);
        }

        if (valid.Phone is { } phone)
        {
            var samePhone = await db.Contacts.Include(c => c.Tags).Include(c => c.Attributes).FirstOrDefaultAsync(c => c.Phone == phone, cancellationToken).ConfigureAwait(false);
            if (contact is not null && samePhone is not null && samePhone.Id != contact.Id)
            {
                return new(null, false, new FieldErrors { { "phone", $"{phone} belongs to another contact (id {samePhone.Id})." } });
            }

            if (contact is null && samePhone is not null && samePhone.ExternalId is { } other && input.ExternalId is { Length: > 0 } mine && other != mine)
            {
                return new(null, false, new FieldErrors { { "phone", $"{phone} belongs to the contact with externalId '{other}'." } });
            }

            contact ??= samePhone;
        }

        if (input.ExternalId is { Length: > 0 } wanted && contact?.ExternalId != wanted
            && await db.Contacts.Where(c => c.ExternalId == wanted).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { } owner)
        {
            return new(null, false, new FieldErrors { { "externalId", $"The external id '{wanted}' belongs to another contact (id {owner})." } });
        }

        var now = time.GetUtcNow();
        var created = contact is null;
        var number = valid.Phone ?? contact!.Phone;
        var optedOut = await db.OptOuts.AnyAsync(o => o.Phone == number, cancellationToken).ConfigureAwait(false);

        // The number's opt-out outlives its contact: a contact found or created for it is opted out too.
        var target = optedOut ? ContactStatus.OptedOut : valid.Status;
        if (valid.Status is { } asked && ContactTransitions.Refusal(number, contact?.Status ?? ContactStatus.Active, asked, ContactChangeBy.Operator, optedOut) is { } refusal)
        {
            return new(null, false, new FieldErrors { { "status", refusal } });
        }

        contact ??= Contact.Create(number, now);
        Apply(contact, valid, now);
        await transactions.RunAsync(db, async (_, _) =>
        {
            if (created)
            {
                // Saved first: the status change's webhook names the contact by the id the insert gives.
                db.Contacts.Add(contact);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            if (target == ContactStatus.OptedOut)
            {
                await consent.OptOutAsync(number, optedOut ? ContactChangeBy.Person : ContactChangeBy.Operator, optedOut ? "opt_out_record" : "api", null, now, cancellationToken).ConfigureAwait(false);
            }
            else if (target is { } status)
            {
                contact.ChangeStatus(status, ContactChangeBy.Operator, "api", now);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        return new(contact, created, null);
    }

    /// <summary>Copies validated values (all but the status, which only its transitions change) onto a contact.</summary>
    internal static void Apply(Contact contact, ValidContact valid, DateTimeOffset now)
    {
        var input = valid.Input;
        contact.Phone = valid.Phone ?? contact.Phone;
        contact.ExternalId = input.ExternalId is { Length: > 0 } ? input.ExternalId : contact.ExternalId;
        contact.FirstName = input.FirstName ?? contact.FirstName;
        contact.LastName = input.LastName ?? contact.LastName;
        if (input.Birthday is not null)
        {
            contact.SetBirthday(valid.Birthday);
        }

        contact.Language = input.Language ?? contact.Language;
        contact.TimeZone = input.TimeZone ?? contact.TimeZone;
        var consent = ConsentRule.Merge(new RecordedConsent(contact.ConsentSource, contact.ConsentAt, contact.ConsentText), input.Consent, ownStatement: true, now);
        (contact.ConsentSource, contact.ConsentAt, contact.ConsentText) = (consent.Source, consent.At, consent.Text);

        if (valid.Tags is { } tags)
        {
            contact.Tags.RemoveAll(t => !tags.Contains(t.Tag));
            contact.Tags.AddRange(tags.Where(t => !contact.Tags.Exists(x => x.Tag == t)).Select(t => new ContactTag { ContactId = contact.Id, Tag = t }));
        }

        if (valid.Attributes is { } attributes)
        {
            contact.Attributes.RemoveAll(a => !attributes.ContainsKey(a.Name));
            foreach (var (name, value) in attributes)
            {
                if (contact.Attributes.Find(a => a.Name == name) is { } existing)
                {
                    existing.Value = value;
                }
                else
                {
                    contact.Attributes.Add(new ContactField { ContactId = contact.Id, Name = name, Value = value });
                }
            }
        }

        contact.UpdatedAt = now;
    }

    public Task<Contact?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.Contacts.AsNoTracking().Include(c => c.Tags).Include(c => c.Attributes).AsSplitQuery().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    /// <summary>Resolves a contact reference from an event: external id first, else phone.</summary>
    public async Task<long?> ResolveAsync(string? externalId, string? phone, CancellationToken cancellationToken)
    {
        if (externalId is { Length: > 0 })
        {
            return await db.Contacts.Where(c => c.ExternalId == externalId).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        }

        return phones.TryNormalize(phone, out var e164, out _)
            ? await db.Contacts.Where(c => c.Phone == e164).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>
    /// GDPR erasure: the contact, their activity, runs, replies and the messages to and from their number
    /// are deleted; an opt-out tombstone keeps the number from ever being messaged again.
    /// </summary>
    public async Task<bool> EraseAsync(long id, CancellationToken cancellationToken)
    {
        var phone = await db.Contacts.Where(c => c.Id == id).Select(c => c.Phone).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (phone is null)
        {
            return false;
        }

        // One transaction under the write gate, in fixed parameterised statements: nothing else writes
        // while a person is being erased, and a crash leaves them either whole or gone. Messages still
        // waiting are cancelled through their lifecycle first (integrators hear of it like any cancel);
        // a message being sent is left to finish — its row goes, and its sender stops at its next save.
        // On PostgreSQL the erasure can deadlock with a sender saving one of the person's messages at that moment;
        // the whole transaction was rolled back, so it runs again on a clean context.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await EraseInTransactionAsync(id, phone, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (attempt < 3 && DbErrors.IsRetryableConflict(ex))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task EraseInTransactionAsync(long id, string phone, CancellationToken cancellationToken)
    {
        await transactions.RunAsync(db, async (connection, transaction) =>
        {
            var waiting = await db.Messages.Include(m => m.Parts)
                .Where(m => m.To == phone && (m.Status == MessageStatus.Queued || m.Status == MessageStatus.Scheduled))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var message in waiting)
            {
                message.Cancel("ERASED", "The recipient's data was erased (GDPR).");
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            foreach (var sql in EraseSql)
            {
                await using var command = RawSql.Command(connection, transaction, sql, "@id", "@phone", "@at");
                RawSql.Set(command, id, phone, time.GetUtcNow().UtcTicks);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Everything held on a contact (GDPR access request).</summary>
    public async Task<ContactExport?> ExportAsync(long id, CancellationToken cancellationToken)
    {
        var contact = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (contact is null)
        {
            return null;
        }

        var events = await db.Events.AsNoTracking().Where(e => e.ContactId == id).OrderBy(e => e.At).ToListAsync(cancellationToken).ConfigureAwait(false);
        var messages = await db.Messages.AsNoTracking().Where(m => m.To == contact.Phone).OrderBy(m => m.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var inbound = await db.Inbound.AsNoTracking().Where(i => i.From == contact.Phone).OrderBy(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var runs = await db.Runs.AsNoTracking().Where(r => r.ContactId == id).OrderBy(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var sends = await db.Sends.AsNoTracking().Where(s => s.ContactId == id).OrderBy(s => s.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var links = await db.Links.AsNoTracking().Where(l => l.ContactId == id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var coupons = await db.Coupons.AsNoTracking().Where(c => c.ContactId == id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var responses = await db.Responses.AsNoTracking().Where(r => r.ContactId == id).OrderBy(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var optOut = await db.OptOuts.AsNoTracking().FirstOrDefaultAsync(o => o.Phone == contact.Phone, cancellationToken).ConfigureAwait(false);
        var keywordOptOuts = await db.KeywordOptOuts.AsNoTracking().Where(k => k.Phone == contact.Phone).OrderBy(k => k.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new ContactExport(
            ContactView.Of(contact),
            [.. events.Select(e => new ContactExport.ExportedEvent(SegmentRule.EventName(e.Type), e.At, e.Value, e.Source))],
            [.. messages.Select(m => new ContactExport.ExportedMessage(m.Id, m.Text, m.Status.ToString().ToLowerInvariant(), m.CreatedAt, m.SentAt, m.DeliveredAt, m.Source))],
            [.. inbound.Select(i => new ContactExport.ExportedInbound(i.Id, i.Text, i.ReceivedAt, i.Keyword))],
            [.. runs.Select(r => new ContactExport.ExportedRun(r.Id, r.AutomationId, r.Status.ToString().ToLowerInvariant(), r.EnrolledAt, r.EngagedAt, r.Outcome is { } o ? MarketingNames.Of(o) : null, r.EndedAt))],
            [.. sends.Select(s => new ContactExport.ExportedSend(s.AutomationId, s.CampaignId, s.Step, s.At, s.Outcome.ToString().ToLowerInvariant(), s.SkipReason, s.MessageId))],
            [.. links.Select(l => new ContactExport.ExportedLink(l.Code, l.CreatedAt, l.Clicks, l.FirstClickAt, l.Opens, l.FirstOpenAt))],
            [.. coupons.Select(c => new ContactExport.ExportedCoupon(c.Code, c.AssignedAt, c.ExpiresAt, c.RedeemedAt))],
            [.. responses.Select(r => new ContactExport.ExportedResponse(r.Kind, r.Text, r.At, r.AutomationId, r.CampaignId, r.Step))],
            optOut is null ? null : new ContactExport.ExportedOptOut(optOut.At, optOut.Source))
        {
            KeywordOptOuts = [.. keywordOptOuts.Select(k => new ContactExport.ExportedKeywordOptOut(k.InboundId, k.Keyword, k.Language, k.At, k.UndoneAt, k.UndoReason))],
        };
    }
}

/// <summary>Everything the gateway holds on one person (GDPR access): the contact and every record about them.</summary>
public sealed record ContactExport(
    ContactView Contact,
    IReadOnlyList<ContactExport.ExportedEvent> Events,
    IReadOnlyList<ContactExport.ExportedMessage> Messages,
    IReadOnlyList<ContactExport.ExportedInbound> Inbound,
    IReadOnlyList<ContactExport.ExportedRun> AutomationRuns,
    IReadOnlyList<ContactExport.ExportedSend> MarketingSends,
    IReadOnlyList<ContactExport.ExportedLink> Links,
    IReadOnlyList<ContactExport.ExportedCoupon> Coupons,
    IReadOnlyList<ContactExport.ExportedResponse> Responses,
    ContactExport.ExportedOptOut? OptOut)
{
    public sealed record ExportedEvent(string Type, DateTimeOffset At, double? Value, string? Source);

    public sealed record ExportedMessage(long Id, string Text, string Status, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt, string? Source);

    public sealed record ExportedInbound(long Id, string Text, DateTimeOffset ReceivedAt, string? Keyword);

    public sealed record ExportedRun(long Id, long AutomationId, string Status, DateTimeOffset EnrolledAt, DateTimeOffset? EngagedAt, string? Outcome, DateTimeOffset? EndedAt);

    public sealed record ExportedSend(long? AutomationId, long? CampaignId, int Step, DateTimeOffset At, string Outcome, string? SkipReason, long? MessageId);

    public sealed record ExportedLink(string Code, DateTimeOffset CreatedAt, int Clicks, DateTimeOffset? FirstClickAt, int Opens, DateTimeOffset? FirstOpenAt);

    public sealed record ExportedCoupon(string Code, DateTimeOffset? AssignedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RedeemedAt);

    public sealed record ExportedResponse(string Kind, string Text, DateTimeOffset At, long? AutomationId, long? CampaignId, int Step);

    public sealed record ExportedOptOut(DateTimeOffset At, string Source);

    /// <summary>An opt-out read from one of their SMS: which message, which keyword; when and why the business undid it, if it did.</summary>
    public sealed record ExportedKeywordOptOut(long InboundId, string Keyword, string? Language, DateTimeOffset At, DateTimeOffset? UndoneAt, string? UndoReason);

    /// <summary>The opt-outs read from their SMS (the reading the business saw, and any undo).</summary>
    public IReadOnlyList<ExportedKeywordOptOut> KeywordOptOuts { get; init; } = [];
}

/// <summary>A contact as the API shows it.</summary>
public sealed record ContactView(
    long Id,
    string Phone,
    string? ExternalId,
    string? FirstName,
    string? LastName,
    string? Birthday,
    string? Language,
    string? TimeZone,
    string Status,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Attributes,
    ContactConsentView? Consent,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LastActivityAt,
    DateTimeOffset? LastEngagedAt)
{
    /// <summary>The last purchase, visit, click and promo, and the contact's own rhythm: what the contact page shows.</summary>
    public ContactActivityView? Activity { get; init; }

    public static ContactView Of(Contact c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(
            c.Id,
            c.Phone,
            c.ExternalId,
            c.FirstName,
            c.LastName,
            c.Birthday?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            c.Language,
            c.TimeZone,
            ContactTransitions.Name(c.Status),
            [.. c.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal)],
            c.Attributes.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal),
            c.ConsentSource is null ? null : new ContactConsentView(c.ConsentSource, c.ConsentAt, c.ConsentText),
            c.CreatedAt,
            c.UpdatedAt,
            c.LastActivityAt,
            c.LastEngagedAt)
        {
            Activity = new ContactActivityView(
                c.LastPurchaseAt,
                c.LastVisitAt,
                c.LastLinkClickAt,
                c.LastPromoUsedAt,
                c.PurchaseCount,
                c.Rhythm.MedianInterval is { } interval ? Math.Round(interval.TotalDays, 1) : null,
                c.Rhythm.ExpectedNext),
        };
    }

}

/// <summary>How and when a contact agreed to be messaged.</summary>
public sealed record ContactConsentView(string Source, DateTimeOffset? At, string? Text);

/// <summary>The last purchase, visit, click and promo, and the contact's own purchase rhythm.</summary>
public sealed record ContactActivityView(
    DateTimeOffset? LastPurchaseAt,
    DateTimeOffset? LastVisitAt,
    DateTimeOffset? LastLinkClickAt,
    DateTimeOffset? LastPromoUsedAt,
    int Purchases,
    double? MedianDaysBetweenPurchases,
    DateTimeOffset? ExpectedNextPurchaseAt);
