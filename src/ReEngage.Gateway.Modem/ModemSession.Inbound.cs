using System.Globalization;
using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem;

/// <summary>
/// Inbound SMS: the storage sweep, stored and routed deliveries, reassembly of concatenated parts and
/// their hand-over. A message leaves the modem's storage only when the consumer acknowledges it.
/// </summary>
public sealed partial class ModemSession
{
    /// <summary>Reads every stored SMS (AT+CMGL=4) and hands it over: what arrived while the gateway was down.</summary>
    public async Task SweepStorageAsync(CancellationToken cancellationToken = default)
    {
        AtResponse list;
        await storageGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            list = await channel.ExecuteAsync("AT+CMGL=4", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            storageGate.Release();
        }

        if (!list.IsOk)
        {
            SessionLog.SweepFailed(logger, Name, list.Final);
            return;
        }

        for (var i = 0; i < list.Lines.Count; i++)
        {
            var header = list.Lines[i];
            if (!header.StartsWith("+CMGL:", StringComparison.OrdinalIgnoreCase) || i + 1 >= list.Lines.Count)
            {
                continue;
            }

            var fields = header[6..].Split(',');
            var pdu = list.Lines[++i];
            if (!int.TryParse(fields[0].Trim(), CultureInfo.InvariantCulture, out var index))
            {
                SessionLog.UrcFailed(logger, Name, header, "unreadable storage index");
                continue;
            }

            var length = int.TryParse(fields[^1].Trim(), CultureInfo.InvariantCulture, out var l) ? l : (int?)null;
            await HandleStoredPduAsync(pdu, length, index, cancellationToken).ConfigureAwait(false);
        }

        await ExpireIncompleteAsync().ConfigureAwait(false);
    }

    // routed: a +CMT, which with AT+CSMS=1 the modem wants acknowledged (AT+CNMA) before it routes the next.
    // What was read at each storage index that is waiting or handed over: an announcement for that index
    // with another PDU means the index was freed and reused.
    private readonly Dictionary<int, string> pduAt = [];

    // announced: read because of a +CMTI for this index, which the modem sends only for a message it has
    // just stored there — whatever was handed over from that index before is gone (deleted, index reused).
    private async Task HandleStoredPduAsync(string pdu, int? tpduLength, int? index, CancellationToken cancellationToken, bool routed = false, bool announced = false)
    {
        lock (sync)
        {
            if (announced && index is { } reused && pduAt.TryGetValue(reused, out var before) && before != pdu)
            {
                handedOver.Remove(reused); // another message now: the one handed over from here was deleted
            }

            if (index is { } at && !handedOver.ContainsKey(at) && !storageIndexOf.ContainsValue(at))
            {
                pduAt[at] = pdu;
            }

            // Already waiting for its siblings, or handed over and not yet acknowledged: a sweep must
            // not hand the same stored message over twice.
            if (index is { } seen && (handedOver.ContainsKey(seen) || storageIndexOf.ContainsValue(seen)))
            {
                return;
            }
        }

        if (index is { } stored && !LooksIntact("SM", stored, pdu, tpduLength))
        {
            return; // read again by the sweep it asked for
        }

        SmsPdu decoded;
        try
        {
            decoded = routed && !LengthFits(pdu, tpduLength) ? throw new PduFormatException(0, "the PDU does not have the length its header states (garbled on the line?)") : PduDecoder.Decode(pdu, tpduLength);
        }
        catch (PduFormatException ex)
        {
            SessionLog.BadPdu(logger, Name, index, ex.Message);
            events.Writer.TryWrite(new UndecodablePdu(pdu, ex.Message, index));
            if (routed && acknowledging)
            {
                await RejectRoutedAsync(cancellationToken).ConfigureAwait(false); // garbled: the network sends it again
            }

            return;
        }

        var acknowledgeRouted = routed && acknowledging;
        switch (decoded)
        {
            case SmsStatusReport when index is { } reportIndex:
                // Filed with the inbox ("SM"): deleted once saved, like any stored report.
                HandOverStoredReport("SM", reportIndex, pdu, tpduLength);
                break;
            case SmsStatusReport report:
                events.Writer.TryWrite(new StatusReportReceived(report, acknowledgeRouted ? AcknowledgeRoutedAsync : null));
                break;
            case SmsDeliver deliver:
                ReassembledSms? whole;
                lock (sync)
                {
                    if (index is { } partIndex)
                    {
                        storageIndexOf[deliver] = partIndex;
                    }

                    whole = reassembler.Add(deliver);
                }

                if (whole is not null)
                {
                    Publish(whole, acknowledgeRouted ? AcknowledgeRoutedAsync : null);
                }
                else if (acknowledgeRouted)
                {
                    // A routed part awaiting its siblings: the modem routes nothing more (the siblings
                    // included) until this one is acknowledged, so it cannot wait for the whole message.
                    await AcknowledgeRoutedAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                // A SUBMIT in the inbox (a draft or a sent copy some modems keep): not ours to deliver.
                if (acknowledgeRouted)
                {
                    await AcknowledgeRoutedAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    private Task ExpireIncompleteAsync()
    {
        IReadOnlyList<ReassembledSms> expired;
        lock (sync)
        {
            expired = reassembler.Expire();
        }

        foreach (var message in expired)
        {
            Publish(message);
        }

        return Task.CompletedTask;
    }

    private void Publish(ReassembledSms message, Func<CancellationToken, Task>? acknowledgeRouted = null)
    {
        int[] indexes;
        lock (sync)
        {
            indexes = [.. message.Parts.Where(storageIndexOf.ContainsKey).Select(p => storageIndexOf[p])];
            foreach (var part in message.Parts)
            {
                storageIndexOf.Remove(part);
            }

            foreach (var index in indexes)
            {
                handedOver[index] = message;
            }
        }

        // Deleted only once the consumer confirms it stored the message: a crash before that leaves
        // the parts in the modem, and the start-up sweep hands them over again.
        events.Writer.TryWrite(new InboundSmsReceived(message, async token =>
        {
            foreach (var index in indexes)
            {
                await storageGate.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    await channel.ExecuteAsync($"AT+CMGD={index}", options.CommandTimeout, throwOnError: false, cancellationToken: token).ConfigureAwait(false);
                }
                finally
                {
                    storageGate.Release();
                }

                lock (sync)
                {
                    if (handedOver.TryGetValue(index, out var owner) && ReferenceEquals(owner, message))
                    {
                        handedOver.Remove(index);
                        pduAt.Remove(index);
                    }
                }
            }

            if (acknowledgeRouted is not null)
            {
                await acknowledgeRouted(token).ConfigureAwait(false);
            }
        }));
    }
}
