using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// Sends the stored receipts (smpp_receipts) to a receiving bind of their account, as deliver_sm with
/// esm_class 0x04, the receipt text and the receipted_message_id and message_state parameters. A row is
/// deleted only once the client answered ESME_ROK: unanswered ones wait for the next pass or the next bind.
/// Woken by the messages' status changes and by binds; a one-second poll catches the rest.
/// </summary>
internal sealed class SmppReceiptSender(IOptions<SmppOptions> options, SmppBinds binds, GatewayEventBus bus, IServiceScopeFactory scopes, ILogger<SmppReceiptSender> logger) : BackgroundService
{
    private const int Batch = 200;
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
                if (item is MessageStatusChanged { Source: { } source } && source.StartsWith("smpp:", StringComparison.Ordinal))
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
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            var rows = await db.SmppReceipts.AsNoTracking().Where(r => r.SystemId == systemId).OrderBy(r => r.Id).Take(Batch).ToListAsync(cancellationToken).ConfigureAwait(false);
            var receivers = binds.Receivers(systemId);
            if (rows.Count == 0 || receivers.Count == 0)
            {
                return;
            }

            var results = await Task.WhenAll(rows.Select((row, i) => receivers[i % receivers.Count].DeliverAsync(ToPdu(row), cancellationToken))).ConfigureAwait(false);
            var acknowledged = rows.Where((_, i) => results[i]).Select(r => r.Id).ToList();
            if (acknowledged.Count > 0)
            {
                var gate = scope.ServiceProvider.GetRequiredService<SqliteWriteGate>();
                await gate.RunAsync(() => db.SmppReceipts.Where(r => acknowledged.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
                foreach (var row in rows.Where((_, i) => results[i]))
                {
                    SmppLog.ReceiptSent(logger, row.MessageId, systemId);
                }
            }

            if (acknowledged.Count < rows.Count)
            {
                SmppLog.ReceiptsPending(logger, systemId, rows.Count - acknowledged.Count, rows.Count);
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
