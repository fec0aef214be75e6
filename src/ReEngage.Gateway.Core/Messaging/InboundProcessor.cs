using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>Stores inbound SMS and acts on keywords: STOP-like words opt the number out, START back in, HELP gets a reply.</summary>
public sealed partial class InboundProcessor(GatewayDbContext db, OutboxService outbox, Transactions transactions, TimeProvider time, ILogger<InboundProcessor> logger, IEnumerable<IInboundObserver> observers, IConsentChanges consent, SendingRules rules, Phones.PhoneNumberNormalizer phones, Microsoft.Extensions.Options.IOptions<GatewayOptions> options)
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

        var keyword = Classify(sms.Text);
        var from = Sender(sms.Originator);
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
                    await consent.OptOutAsync(from, Marketing.ContactChangeBy.Person, $"sms:{sms.Text.Trim().ToUpperInvariant()}", modem, now, cancellationToken).ConfigureAwait(false);
                    break;
                case "start":
                    await consent.OptInAsync(from, now, cancellationToken).ConfigureAwait(false);
                    break;
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            inbound.Announce();
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
        LogStored(logger, inbound.Id, modem, keyword ?? "-");
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

        if (keyword == "help" && rules.Keywords.HelpReply is { Length: > 0 } reply && from.StartsWith('+'))
        {
            await outbox.AcceptAsync(new SendRequest(from, reply, Priority: "high", Modem: modem, StatusReport: false, Source: "help"), cancellationToken).ConfigureAwait(false);
        }

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

    /// <summary>"stop", "start", "help" or null. The whole message must be the keyword (case, spaces and final punctuation aside).</summary>
    public string? Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var word = text.Trim().TrimEnd('.', '!', '?').Trim().ToUpperInvariant();
        var keywords = rules.Keywords;
        if (keywords.OptOut.Any(k => string.Equals(k, word, StringComparison.OrdinalIgnoreCase)))
        {
            return "stop";
        }

        if (keywords.OptIn.Any(k => string.Equals(k, word, StringComparison.OrdinalIgnoreCase)))
        {
            return "start";
        }

        return keywords.Help.Any(k => string.Equals(k, word, StringComparison.OrdinalIgnoreCase)) ? "help" : null;
    }

    [LoggerMessage(2300, LogLevel.Information, "Inbound SMS {InboundId} stored from {Modem} (keyword {Keyword})")]
    private static partial void LogStored(ILogger logger, long inboundId, string modem, string keyword);

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
