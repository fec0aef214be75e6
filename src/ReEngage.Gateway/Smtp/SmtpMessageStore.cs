using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Messaging;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ReEngage.Gateway.Smtp;

/// <summary>
/// The end of DATA: the mail read as one SMS text, then one message per recipient through the same
/// <see cref="OutboxService.AcceptAsync"/> as POST /api/v1/messages. The 250 goes out only after every message is
/// stored; a failure to store answers 451 so the client tries again, and the idempotency key (the mail's
/// Message-ID, or its bytes, and the number) makes that retry find the messages already stored instead of
/// sending them twice.
/// </summary>
internal sealed class SmtpMessageStore(
    IServiceScopeFactory scopes,
    IOptions<SmtpOptions> options,
    IOptions<GatewayOptions> gateway,
    SmtpAddressFilter addresses,
    SmtpMetrics metrics,
    ILogger<SmtpMessageStore> logger) : IMessageStore
{
    public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(transaction);
        var from = transaction.From?.AsAddress() ?? "";
        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(buffer.ToArray());
            message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            metrics.Refused("not_mime");
            SmtpLog.MailRefused(logger, from, "not a MIME message: " + ex.Message);
            return new SmtpResponse(SmtpReplyCode.TransactionFailed, "5.6.0 The mail could not be read as a MIME message");
        }

        var maxParts = gateway.Value.MaxParts;
        var read = EmailText.From(message, options.Value.Subject, options.Value.TooLong, maxParts);
        if (read.Text is not { } text)
        {
            metrics.Refused("text");
            SmtpLog.MailRefused(logger, from, read.Refusal!);
            return new SmtpResponse(SmtpReplyCode.TransactionFailed, $"{read.Status} {read.Refusal}");
        }

        if (read.PartsBeforeCut > 0)
        {
            SmtpLog.Cut(logger, from, read.PartsBeforeCut, maxParts);
        }

        var mailKey = MailKey(message, buffer);
        var source = ("smtp:" + from) is var s && s.Length > 64 ? s[..64] : s;
        var ids = new List<long>();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outbox = scope.ServiceProvider.GetRequiredService<OutboxService>();
            foreach (var number in transaction.To.Select(addresses.NumberOf).Distinct(StringComparer.Ordinal))
            {
                var request = new SendRequest(number, text, IdempotencyKey: $"smtp:{mailKey}:{number}", Source: source);
                var (accepted, errors) = await outbox.AcceptAsync(request, cancellationToken).ConfigureAwait(false);
                if (accepted is null)
                {
                    // RCPT TO checked the number and the text was measured: what is left is the outbox's own word.
                    var reason = string.Join("; ", errors!.SelectMany(e => e.Value));
                    metrics.Refused("outbox");
                    SmtpLog.MailRefused(logger, from, reason);
                    var stored = ids.Count == 0 ? "" : $" (the messages to the recipients before it are stored: {string.Join(", ", ids)})";
                    return new SmtpResponse(SmtpReplyCode.TransactionFailed, $"5.6.0 {number}: {reason}{stored}");
                }

                ids.Add(accepted.Id);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.Refused("store_failed");
            SmtpLog.StoreFailed(logger, ex, from);
            return new SmtpResponse(SmtpReplyCode.Aborted, "4.3.0 The messages could not be stored; try again later");
        }

        metrics.Accepted(ids.Count);
        var list = string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        SmtpLog.Stored(logger, from, context.Properties.TryGetValue(SmtpKeyAuthenticator.KeyName, out var key) ? key as string ?? "" : "", ids.Count, list);
        return new SmtpResponse(SmtpReplyCode.Ok, $"2.0.0 Stored as SMS message {list}");
    }

    /// <summary>What identifies this mail across a client's retries: its Message-ID, or a hash of its bytes when it has none.</summary>
    private static string MailKey(MimeMessage message, ReadOnlySequence<byte> buffer)
    {
        var identity = message.MessageId is { Length: > 0 } id ? Encoding.UTF8.GetBytes("id:" + id) : buffer.ToArray();
        return Convert.ToHexString(SHA256.HashData(identity))[..32].ToLowerInvariant();
    }
}
