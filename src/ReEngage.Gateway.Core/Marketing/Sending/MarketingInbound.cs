using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// What an inbound SMS means for marketing: any text that is not a keyword is an <c>sms_reply</c> (an
/// engagement) and, after a survey or contest step, its answer or entry. STOP-like keywords never count
/// as answers (their opt-out is <see cref="ContactConsent"/>'s, in the SMS's own transaction).
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
        // STOP and START were applied to the contact with the SMS itself (ContactConsent); other keywords
        // (HELP) are neither replies nor answers.
        if (message.Keyword is not null)
        {
            return;
        }

        if (await OpenQuestionAsync(contact.Id, now, cancellationToken).ConfigureAwait(false) is { } open)
        {
            db.Responses.Add(new StepResponse
            {
                ContactId = contact.Id, AutomationId = open.Send.AutomationId, CampaignId = open.Send.CampaignId, RunId = open.Send.RunId, Step = open.Send.Step,
                Kind = open.Step.Kind == StepKind.Survey ? "answer" : "entry", Text = message.Text.Trim(), InboundId = message.Id, At = now,
            });
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        await recorder.RecordAsync([new NewActivity(contact.Id, ActivityType.SmsReply, now, null, "sms")], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The most recent survey or contest SMS to the contact still within <see cref="AnswerWindow"/>. Not
    /// simply the latest SMS: a campaign sent between the contest and the reply must not swallow the entry.
    /// </summary>
    private async Task<(MarketingSend Send, StepDefinition Step)?> OpenQuestionAsync(long contactId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - AnswerWindow;
        var recent = await db.Sends.AsNoTracking()
            .Where(s => s.ContactId == contactId && s.Outcome == SendOutcome.Sent && s.At >= since)
            .OrderByDescending(s => s.At).ThenByDescending(s => s.Id).Take(50).ToListAsync(cancellationToken).ConfigureAwait(false);
        var steps = new Dictionary<(long?, long?, int), StepDefinition?>();
        foreach (var send in recent)
        {
            var key = (send.AutomationId, send.CampaignId, send.Step);
            if (!steps.TryGetValue(key, out var step))
            {
                steps[key] = step = await StepLookup.FindAsync(db, send.AutomationId, send.CampaignId, send.Step, cancellationToken).ConfigureAwait(false);
            }

            if (step is { Kind: StepKind.Survey or StepKind.Contest })
            {
                return (send, step);
            }
        }

        return null;
    }
}
