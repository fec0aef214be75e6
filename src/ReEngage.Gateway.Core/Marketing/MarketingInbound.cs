using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// What an inbound SMS means for marketing: STOP/START change the contact's status; any other text is
/// an <c>sms_reply</c> (an engagement) and, after a survey or contest step, its answer or entry.
/// STOP-like keywords never count as answers.
/// </summary>
public sealed class MarketingInbound(GatewayDbContext db, ActivityRecorder recorder, TimeProvider time) : IInboundObserver
{
    /// <summary>How long after a survey or contest SMS a reply still counts as its answer.</summary>
    public static readonly TimeSpan AnswerWindow = TimeSpan.FromDays(14);

    public async Task OnInboundAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Phone == message.From, cancellationToken).ConfigureAwait(false);
        if (contact is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        switch (message.Keyword)
        {
            case "stop":
                contact.Status = ContactStatus.OptedOut;
                contact.UpdatedAt = now;
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return;
            case "start":
                if (contact.Status == ContactStatus.OptedOut)
                {
                    contact.Status = ContactStatus.Active;
                    contact.UpdatedAt = now;
                    await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                }

                return;
            case not null:
                return;
        }

        var since = now - AnswerWindow;
        var last = await db.Sends.AsNoTracking()
            .Where(s => s.ContactId == contact.Id && s.Outcome == SendOutcome.Sent && s.At >= since)
            .OrderByDescending(s => s.At).ThenByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (last is not null && await StepLookup.FindAsync(db, last.AutomationId, last.CampaignId, last.Step, cancellationToken).ConfigureAwait(false) is { Kind: StepKind.Survey or StepKind.Contest } step)
        {
            db.Responses.Add(new StepResponse
            {
                ContactId = contact.Id, AutomationId = last.AutomationId, CampaignId = last.CampaignId, RunId = last.RunId, Step = last.Step,
                Kind = step.Kind == StepKind.Survey ? "answer" : "entry", Text = message.Text.Trim(), InboundId = message.Id, At = now,
            });
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        await recorder.RecordAsync([new NewActivity(contact.Id, ActivityType.SmsReply, now, null, "sms")], cancellationToken).ConfigureAwait(false);
    }
}
