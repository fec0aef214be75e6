using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// Withdrawn and given-back consent: the number's opt-out record, the contact's status and the contact's
/// running automations, changed together in the caller's save (so a STOP, its opt-out and its webhooks
/// are one transaction with the SMS that asked for it).
/// </summary>
public sealed class ContactConsent(GatewayDbContext db) : IConsentChanges
{
    public async Task OptOutAsync(string phone, ContactChangeBy by, string source, string? modem, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phone);
        if (!db.OptOuts.Local.Any(o => o.Phone == phone) && !await db.OptOuts.AnyAsync(o => o.Phone == phone, cancellationToken).ConfigureAwait(false))
        {
            db.OptOuts.Add(OptOut.Record(phone, source, now, modem));
        }

        var contact = db.Contacts.Local.FirstOrDefault(c => c.Phone == phone)
            ?? await db.Contacts.FirstOrDefaultAsync(c => c.Phone == phone, cancellationToken).ConfigureAwait(false);
        if (contact is null || contact.ChangeStatus(ContactStatus.OptedOut, by, ContactOptOutReason(source), now) is not null)
        {
            return;
        }

        // The run ends now, not at its next step date: reports must not count them in progress.
        var runs = await db.Runs.Where(r => r.ContactId == contact.Id && r.Status == RunStatus.Active).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var run in runs)
        {
            run.Status = RunStatus.Completed;
            run.Outcome = RunOutcome.Left;
            run.EndedAt = now;
        }
    }

    public async Task OptInAsync(string phone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phone);
        var records = await db.OptOuts.Where(o => o.Phone == phone).ToListAsync(cancellationToken).ConfigureAwait(false);
        db.OptOuts.RemoveRange(records);
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Phone == phone, cancellationToken).ConfigureAwait(false);
        if (contact is { Status: ContactStatus.OptedOut })
        {
            contact.ChangeStatus(ContactStatus.Active, ContactChangeBy.Person, "sms", now);
        }
    }

    /// <summary>The stored source ("sms:STOP", "api") as a status change's reason ("sms", "api").</summary>
    private static string ContactOptOutReason(string source) => Webhooks.ContactOptOutPayload.SourceKind(source);
}
