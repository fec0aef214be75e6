using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Phones;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ReEngage.Gateway.Smtp;

/// <summary>
/// MAIL FROM against Gateway:Smtp:AllowedSenders, and each RCPT TO read as &lt;number&gt;@Domain with the gateway's
/// phone-number rules: a recipient that cannot be an SMS is refused there, with the reason, so the sender's
/// mail program reports it for that recipient while the others go.
/// </summary>
internal sealed class SmtpAddressFilter(IOptions<SmtpOptions> options, IOptions<GatewayOptions> gateway, SmtpMetrics metrics, ILogger<SmtpAddressFilter> logger) : IMailboxFilter
{
    // Registered scoped in Core, but it holds nothing but the options: one serves every session.
    private readonly PhoneNumberNormalizer phones = new(gateway);

    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        var allowed = options.Value.AllowedSenders;
        var address = from.AsAddress() ?? "";
        if (allowed.Count == 0 || allowed.Exists(a => Matches(a, from)))
        {
            return Task.FromResult(true);
        }

        var reason = $"5.7.1 The sender <{address}> may not send SMS here (Gateway:Smtp:AllowedSenders)";
        metrics.Refused("sender");
        SmtpLog.SenderRefused(logger, address, "not in Gateway:Smtp:AllowedSenders");
        throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, reason));
    }

    public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(to);
        var domain = options.Value.Domain;
        var address = to.AsAddress() ?? "";
        var sender = from?.AsAddress() ?? "";
        if (!string.Equals(to.Host, domain, StringComparison.OrdinalIgnoreCase))
        {
            metrics.Refused("recipient_domain");
            SmtpLog.RecipientRefused(logger, address, sender, "another domain");
            throw Refuse($"5.1.2 <{address}>: only <number>@{domain} is delivered here, as an SMS to that number");
        }

        if (!phones.TryNormalize(to.User, out _, out var error))
        {
            metrics.Refused("recipient_number");
            SmtpLog.RecipientRefused(logger, address, sender, error);
            throw Refuse($"5.1.1 <{address}>: {error}");
        }

        return Task.FromResult(true);
    }

    /// <summary>The number a recipient stands for, in E.164 (RCPT TO already checked it).</summary>
    public string NumberOf(IMailbox to) => phones.TryNormalize(to.User, out var e164, out _) ? e164 : to.User;

    private static bool Matches(string allowed, IMailbox from) => allowed.StartsWith('@')
        ? string.Equals(allowed[1..], from.Host, StringComparison.OrdinalIgnoreCase)
        : string.Equals(allowed, from.AsAddress(), StringComparison.OrdinalIgnoreCase);

    // 550: a permanent refusal of this recipient; the library adds "N retry(ies) remaining" to the text.
    private static SmtpResponseException Refuse(string reason) => new(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, reason));
}
