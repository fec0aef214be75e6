using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>Stores inbound SMS and acts on keywords: STOP-like words opt the number out, START back in, HELP gets a reply.</summary>
public sealed partial class InboundProcessor(GatewayDbContext db, OutboxService outbox, Transactions transactions, TimeProvider time, ILogger<InboundProcessor> logger, IEnumerable<IInboundObserver> observers, IConsentChanges consent, Phones.PhoneNumberNormalizer phones, Microsoft.Extensions.Options.IOptions<GatewayOptions> options, Marketing.KeywordRules keywords)
{
    public async Task<InboundMessage> StoreAsync(string modem, ReassembledSms sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var now = time.GetUtcNow();

        // The network delivers an SMS again when its acknowledgement came late (or a modem lost it):
        // the same sender, SMSC time stamp, parts and text are the same message — stored once, and the
        // caller still acknowledges it so the modem's copy goes.
        var fingerprint = sms.Fingerprint;
        var since = now - options.Value.Inbound.DuplicateWindow;
        var earlier = await db.Inbound.FirstOrDefaultAsync(i => i.Fingerprint == fingerprint && i.ReceivedAt >= since, cancellationToken).ConfigureAwait(false);
        if (earlier is not null)
        {
            LogDuplicate(logger, earlier.Id, modem);
            return earlier;
        }

        var from = Sender(sms.Originator);
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Phone == from, cancellationToken).ConfigureAwait(false);
        var match = await ReadAsync(sms.Text, contact?.Language, cancellationToken).ConfigureAwait(false);
        var keyword = KindName(match);
        Marketing.KeywordOptOut? optOut = null;
        var inbound = new InboundMessage { From = from, Text = sms.Text, Modem = modem, ReceivedAt = now, Complete = sms.Complete, Keyword = keyword, Fingerprint = fingerprint };

        // The message, its opt-out, the contact's new status and their webhook rows in one transaction: the
        // webhook needs the message's id, so it is announced after the first save, and a failure between
        // the two leaves neither.
        await transactions.RunAsync(db, async (_, _) =>
        {
            db.Inbound.Add(inbound);
            switch (keyword)
            {
                case "stop":
                    // What the contact was before is kept with the keyword, so a misreading can be undone.
                    var listed = await db.OptOuts.AnyAsync(o => o.Phone == from, cancellationToken).ConfigureAwait(false);
                    optOut = Marketing.KeywordOptOut.Of(0, from, match!, contact, listed, now);
                    await consent.OptOutAsync(from, Marketing.ContactChangeBy.Person, optOut.Source(), modem, now, cancellationToken).ConfigureAwait(false);
                    break;
                case "start":
                    await consent.OptInAsync(from, now, cancellationToken).ConfigureAwait(false);
                    break;
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            if (optOut is not null)
            {
                optOut.InboundId = inbound.Id;
                db.KeywordOptOuts.Add(optOut);
            }

            inbound.Announce();
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        LogStored(logger, inbound.Id, modem, keyword ?? "-", match?.Describe() ?? "-");
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnInboundAsync(inbound, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The SMS is stored and acknowledged; a marketing bookkeeping failure must not undo that.
                LogObserverFailed(logger, ex, inbound.Id);
            }
        }

        await ReplyAsync(match, contact?.Language, optOut, from, modem, cancellationToken).ConfigureAwait(false);
        return inbound;
    }

    /// <summary>
    /// The sender in the form contacts and opt-outs use. Networks often deliver national numbers (TON
    /// national or unknown, "3471234567"): a STOP from one must still match "+393471234567", so those are
    /// normalised with Gateway:DefaultRegion. Alphanumeric senders and numbers that do not parse stay as sent.
    /// </summary>
    private string Sender(SmsAddress originator)
    {
        var number = originator.Number;
        if (originator.IsAlphanumeric || number.StartsWith('+') || number.Length == 0 || !number.All(char.IsAsciiDigit))
        {
            return number;
        }

        if (phones.TryNormalize(number, out var national, out _))
        {
            return national;
        }

        // TON unknown with the country code already in front ("393471234567").
        return originator.TypeOfNumber == TypeOfNumber.Unknown && phones.TryNormalize("+" + number, out var international, out _) ? international : number;
    }

    /// <summary>"stop", "start", "help" or null, by the rule of <see cref="Marketing.KeywordMatcher"/> over the sets in force.</summary>
    public string? Classify(string text) => KindName(keywords.Match(text, null));

    /// <summary>The keyword a reply is, in the sets in force (read from the database on first use).</summary>
    private async Task<Marketing.KeywordMatch?> ReadAsync(string text, string? contactLanguage, CancellationToken cancellationToken)
    {
        await keywords.EnsureLoadedAsync(db, cancellationToken).ConfigureAwait(false);
        return keywords.Match(text, contactLanguage);
    }

    private static string? KindName(Marketing.KeywordMatch? match) => match?.Kind switch
    {
        Marketing.KeywordKind.OptOut => "stop",
        Marketing.KeywordKind.OptIn => "start",
        Marketing.KeywordKind.Help => "help",
        _ => null,
    };

    /// <summary>
    /// HELP gets the help reply, and a new keyword opt-out the confirmation when the business sends one, from the
    /// SIM the person wrote to, in the contact's language, else the keyword's, else the business's.
    /// </summary>
    private async Task ReplyAsync(Marketing.KeywordMatch? match, string? contactLanguage, Marketing.KeywordOptOut? optOut, string from, string modem, CancellationToken cancellationToken)
    {
        if (match is null || !from.StartsWith('+'))
        {
            return;
        }

        var language = keywords.ReplyLanguage(contactLanguage, match.Language);
        var (reply, source) = match.Kind switch
        {
            Marketing.KeywordKind.Help => (keywords.HelpReply(language), "help"),

            // Once: a second STOP from a number already on the list gets no second confirmation.
            Marketing.KeywordKind.OptOut when optOut is { AlreadyListed: false } => (keywords.OptOutConfirmation(language), "optout-confirmation"),
            _ => (null, null),
        };
        if (reply is { Length: > 0 })
        {
            await outbox.AcceptAsync(new SendRequest(from, reply, Priority: "high", Modem: modem, StatusReport: false, Source: source), cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(2300, LogLevel.Information, "Inbound SMS {InboundId} stored from {Modem} (keyword {Keyword}: {Match})")]
    private static partial void LogStored(ILogger logger, long inboundId, string modem, string keyword, string match);

    [LoggerMessage(2301, LogLevel.Information, "Inbound SMS from {Modem} is a network retry of {InboundId}, already stored: not stored again")]
    private static partial void LogDuplicate(ILogger logger, long inboundId, string modem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbound {InboundId}: an observer failed")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, long inboundId);
}

/// <summary>
/// Applies a STOP or START to what the business holds on the number (its opt-out record, its contact), in
/// the save that stores the SMS asking for it.
/// </summary>
public interface IConsentChanges
{
    /// <summary>Puts the number on the do-not-message list and opts its contact out.</summary>
    Task OptOutAsync(string phone, Marketing.ContactChangeBy by, string source, string? modem, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Takes the number off the list and its opted-out contact back to active (only the person may).</summary>
    Task OptInAsync(string phone, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Acts on a stored inbound SMS (marketing: replies, survey answers, opt-outs on contacts).</summary>
public interface IInboundObserver
{
    Task OnInboundAsync(InboundMessage message, CancellationToken cancellationToken);
}
