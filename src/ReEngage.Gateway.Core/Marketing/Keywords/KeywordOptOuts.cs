using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// The operator's side of opt-outs: which inbound SMS opted whom out and on which keyword, undoing a
/// misread one (audited, announced as any status change), and recording a request the customer made
/// elsewhere (in the shop, by phone).
/// </summary>
public sealed class KeywordOptOuts(GatewayDbContext db, IConsentChanges consent, TimeProvider time)
{
    /// <summary>The stored source of an opt-out the operator records for the customer: "api:customer request".</summary>
    public const string OperatorSource = "api:customer request";

    /// <summary>Keyword opt-outs, newest first: of one contact, of some inbound messages, or all.</summary>
    public async Task<List<KeywordOptOut>> ListAsync(long? contactId, IReadOnlyCollection<long>? inboundIds, int take, CancellationToken cancellationToken)
    {
        var query = db.KeywordOptOuts.AsNoTracking();
        if (contactId is { } contact)
        {
            query = query.Where(k => k.ContactId == contact);
        }

        if (inboundIds is { Count: > 0 })
        {
            query = query.Where(k => inboundIds.Contains(k.InboundId));
        }

        return await query.OrderByDescending(k => k.Id).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Undoes the keyword opt-out <paramref name="id"/>: the contact back to the status it had, the number off the
    /// list, the undo kept on the record with <paramref name="by"/> and <paramref name="reason"/> — one save, with the
    /// <c>contact.status</c> webhook. Null when there is no such opt-out; the refusal in words otherwise.
    /// </summary>
    public async Task<UndoResult?> UndoAsync(long id, string? reason, string by, CancellationToken cancellationToken)
    {
        var optOut = await db.KeywordOptOuts.FirstOrDefaultAsync(k => k.Id == id, cancellationToken).ConfigureAwait(false);
        if (optOut is null)
        {
            return null;
        }

        var contact = optOut.ContactId is { } contactId ? await db.Contacts.FirstOrDefaultAsync(c => c.Id == contactId, cancellationToken).ConfigureAwait(false) : null;
        if (contact is null)
        {
            return new UndoResult(optOut, "The number had no contact when it opted out (or the contact was erased): there is nothing to restore.");
        }

        // A request made after this one stands: a later keyword, or an opt-out on the list that is not this one.
        var listed = await db.OptOuts.Where(o => o.Phone == optOut.Phone).ToListAsync(cancellationToken).ConfigureAwait(false);
        var askedAgain = listed.Any(o => o.Source != optOut.Source() || o.At != optOut.At)
            || await db.KeywordOptOuts.AnyAsync(k => k.Phone == optOut.Phone && k.Id > optOut.Id && k.UndoneAt == null, cancellationToken).ConfigureAwait(false);
        if (contact.UndoKeywordOptOut(optOut, askedAgain, reason, by, time.GetUtcNow()) is { } refusal)
        {
            return new UndoResult(optOut, refusal);
        }

        db.OptOuts.RemoveRange(listed);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new UndoResult(optOut, null);
    }

    /// <summary>
    /// Records the customer's request to opt out, made to the business elsewhere: the number on the list and the
    /// contact opted out, as the API's opt-out does. Null when there is no such contact.
    /// </summary>
    public async Task<Contact?> OptOutAsync(long contactId, CancellationToken cancellationToken)
    {
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == contactId, cancellationToken).ConfigureAwait(false);
        if (contact is null)
        {
            return null;
        }

        await consent.OptOutAsync(contact.Phone, ContactChangeBy.Operator, OperatorSource, null, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return contact;
    }
}

/// <summary>An undo's outcome: the opt-out as it now stands, and the refusal when it was not undone.</summary>
public sealed record UndoResult(KeywordOptOut OptOut, string? Refusal);
