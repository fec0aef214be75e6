using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// Sends what is stored for SMPP accounts to a receiving bind of theirs: receipts (smpp_receipts) as deliver_sm with
/// esm_class 0x04, the receipt text and the receipted_message_id and message_state parameters, and inbound SMS
/// (smpp_inbound, see <see cref="SmppInboundPdu"/>). Each row is claimed first (<see cref="SmppDeliveryClaims"/>), so of
/// several nodes only one sends it, and deleted only once the client answered ESME_ROK: unanswered ones wait for the
/// next pass or the next bind. Woken by the messages' status changes, inbound SMS and binds; a one-second poll catches
/// the rest (and rows whose lease ran out on a node that died).
/// </summary>
internal sealed class SmppReceiptSender(IOptions<SmppOptions> options, SmppBinds binds, SmppDeliveryClaims claims, GatewayEventBus bus, ILogger<SmppReceiptSender> logger) : BackgroundService
{
    private readonly SemaphoreSlim wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        binds.ReceiverBound += Pulse;
        var listening = ListenAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await Task.WhenAll(binds.AccountsWithReceivers().Select(a => SendAccountAsync(a, stoppingToken))).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    SmppLog.ReceiptLoopFailed(logger, ex);
                }

                await wake.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            binds.ReceiverBound -= Pulse;
            await listening.ConfigureAwait(false);
        }
    }

    private void Pulse()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in bus.SubscribeAsync(stoppingToken).ConfigureAwait(false))
            {
                if (item is MessageStatusChanged { Source: { } source } && source.StartsWith("smpp:", StringComparison.Ordinal) || item is InboundStored)
                {
                    Pulse();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task SendAccountAsync(string systemId, CancellationToken cancellationToken)
    {
        while (true)
        {
            // No more than the binds' windows hold: every claimed row is in flight at once, well within its lease.
            var room = binds.ReceivingWindow(systemId);
            if (room == 0)
            {
                return;
            }

            var receipts = await claims.ClaimReceiptsAsync(systemId, room, cancellationToken).ConfigureAwait(false);
            var inbound = await claims.ClaimInboundAsync(systemId, room - receipts.Count, cancellationToken).ConfigureAwait(false);
            if (receipts.Count == 0 && inbound.Count == 0)
            {
                return;
            }

            // Taken only now, with something to send: each batch starts on the next bind, so single rows alternate.
            var receivers = binds.Receivers(systemId);
            if (receivers.Count == 0)
            {
                await claims.SettleAsync([], receipts, CancellationToken.None).ConfigureAwait(false);
                await claims.SettleAsync([], inbound, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            var pdus = receipts.Select(ToPdu).Concat(inbound.Select(SmppInboundPdu.Of)).ToList();
            var results = await Task.WhenAll(pdus.Select((pdu, i) => receivers[i % receivers.Count].DeliverAsync(pdu, cancellationToken))).ConfigureAwait(false);
            var receiptResults = results.Take(receipts.Count).ToList();
            var inboundResults = results.Skip(receipts.Count).ToList();
            await claims.SettleAsync([.. receipts.Where((_, i) => receiptResults[i])], [.. receipts.Where((_, i) => !receiptResults[i])], CancellationToken.None).ConfigureAwait(false);
            await claims.SettleAsync([.. inbound.Where((_, i) => inboundResults[i])], [.. inbound.Where((_, i) => !inboundResults[i])], CancellationToken.None).ConfigureAwait(false);
            foreach (var row in receipts.Where((_, i) => receiptResults[i]))
            {
                SmppLog.ReceiptSent(logger, row.MessageId, systemId);
            }

            foreach (var row in inbound.Where((_, i) => inboundResults[i]))
            {
                SmppLog.InboundSent(logger, row.InboundId, systemId);
            }

            var failed = results.Count(r => !r);
            if (failed > 0)
            {
                SmppLog.ReceiptsPending(logger, systemId, failed, results.Length);
                return;
            }

            // A claim that did not fill the windows took all there was; asking again would only turn the binds' rotation.
            if (pdus.Count < room)
            {
                return;
            }
        }
    }

    /// <summary>The deliver_sm of a receipt: from the recipient, to the address the client submitted from.</summary>
    internal static ShortMessagePdu ToPdu(SmppReceipt receipt)
    {
        var id = receipt.MessageId.ToString(CultureInfo.InvariantCulture);
        var state = receipt.Outcome switch
        {
            MessageStatus.Delivered => MessageState.Delivered,
            MessageStatus.Expired => MessageState.Expired,
            _ => MessageState.Undeliverable,
        };
        var digits = new string([.. (receipt.ErrorCode ?? "").Where(char.IsAsciiDigit)]);
        var error = digits.Length is > 0 and <= 3 ? int.Parse(digits, CultureInfo.InvariantCulture) : 0;
        var text = new DeliveryReceipt(id, 1, state == MessageState.Delivered ? 1 : 0, receipt.SubmittedAt, receipt.DoneAt, state, error, receipt.Excerpt).Format();
        var recipient = receipt.Recipient.TrimStart('+');
        return new ShortMessagePdu(deliver: true)
        {
            SourceTon = 1,
            SourceNpi = 1,
            SourceAddress = recipient.Length <= 20 ? recipient : recipient[..20],
            DestinationAddress = receipt.ClientAddress,
            EsmClass = 0x04,
            DataCoding = SmppDataCoding.SmscDefault,
            // The text holds only characters that are the same octet in ASCII and GSM 03.38.
            ShortMessage = Encoding.ASCII.GetBytes(text),
            Tlvs = [Tlv.OfCString(TlvTag.ReceiptedMessageId, id), Tlv.OfByte(TlvTag.MessageState, state)],
        };
    }
}
